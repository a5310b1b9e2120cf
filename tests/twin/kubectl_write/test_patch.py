"""`kubectl patch`: the three patch types end to end, their success lines and their errors."""

from __future__ import annotations

import json

from .conftest import NS


def _container(cluster):
    return cluster.get("Deployment", "geo", NS)["spec"]["template"]["spec"]["containers"][0]


def test_strategic_patch_merges_env_by_name_and_reports_no_change(cluster, kubectl):
    patch = {"spec": {"template": {"spec": {"containers": [
        {"name": "hotel-reserv-geo", "env": [{"name": "MONGO_URL", "value": "mongodb://mongodb-geo:27017"}]}]}}}}
    first = kubectl(f"kubectl patch deployment geo -n {NS} -p '{json.dumps(patch)}'")
    assert first.stdout == "deployment.apps/geo patched\n" and first.exit_code == 0
    env = _container(cluster)["env"]
    assert [e["name"] for e in env] == ["JAEGER_SAMPLE_RATIO", "MONGO_URL"]
    again = kubectl(f"kubectl patch deploy/geo -n {NS} -p '{json.dumps(patch)}'")
    assert again.stdout == "deployment.apps/geo patched (no change)\n"


def test_patched_service_target_port_moves_endpoints(cluster, kubectl):
    result = kubectl(f'kubectl patch svc geo -n {NS} --type=json '
                     '-p \'[{"op":"replace","path":"/spec/ports/0/targetPort","value":9999}]\'')
    assert result.stdout == "service/geo patched\n"
    subsets = cluster.get("Endpoints", "geo", NS)["subsets"]
    assert {p["port"] for s in subsets for p in s["ports"]} == {9999}


def test_strategic_patch_of_service_ports_merges_by_port(cluster, kubectl):
    kubectl(f'kubectl patch service geo -n {NS} -p \'{{"spec":{{"ports":[{{"port":8083,"targetPort":9090}}]}}}}\'')
    ports = cluster.get("Service", "geo", NS)["spec"]["ports"]
    assert ports == [{"name": "8083", "port": 8083, "targetPort": 9090, "protocol": "TCP"}]


def test_merge_patch_replaces_lists_and_null_deletes(cluster, kubectl):
    patch = {"metadata": {"labels": {"io.kompose.service": "geo", "tier": None, "team": "x"}},
             "spec": {"template": {"spec": {"containers": [{"name": "hotel-reserv-geo", "image": "nginx"}]}}}}
    result = kubectl(f"kubectl patch deployment geo -n {NS} --type merge -p '{json.dumps(patch)}'")
    assert result.exit_code == 0
    obj = cluster.get("Deployment", "geo", NS)
    assert obj["metadata"]["labels"] == {"io.kompose.service": "geo", "team": "x"}
    assert "env" not in obj["spec"]["template"]["spec"]["containers"][0]  # the whole list was replaced


def test_json_patch_appends_with_dash_and_removes(cluster, kubectl):
    ops = [{"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": {"name": "A", "value": "1"}},
           {"op": "remove", "path": "/spec/template/spec/containers/0/command"}]
    assert kubectl(f"kubectl patch deployment geo -n {NS} --type=json -p '{json.dumps(ops)}'").exit_code == 0
    container = _container(cluster)
    assert container["env"][-1] == {"name": "A", "value": "1"} and "command" not in container


def test_json_patch_on_missing_path_is_rejected_and_changes_nothing(cluster, kubectl):
    before = cluster.get("Deployment", "geo", NS)["metadata"]["resourceVersion"]
    result = kubectl(f"kubectl patch deployment geo -n {NS} --type=json "
                     "-p '[{\"op\":\"remove\",\"path\":\"/spec/template/metadata/annotations/x\"}]'")
    assert result.exit_code == 1
    assert result.stderr == ("The request is invalid: the server rejected our request due to an error in our "
                             "request\n")
    assert cluster.get("Deployment", "geo", NS)["metadata"]["resourceVersion"] == before


def test_unparseable_patch_and_missing_object(kubectl):
    # JSON-looking patches go to the server as they are; it answers with Go's syntax error
    bad = kubectl(f"kubectl patch deployment geo -n {NS} -p '{{\"spec\": '")
    assert (bad.stderr, bad.exit_code) == ("Error from server (BadRequest): unexpected end of JSON input\n", 1)
    bad_yaml = kubectl(f"kubectl patch deployment geo -n {NS} -p 'spec: [1'")
    assert bad_yaml.stderr.startswith('error: unable to parse "spec: [1": yaml: ') and bad_yaml.exit_code == 1
    missing = kubectl(f"kubectl patch deployment nope -n {NS} -p '{{}}'")
    assert missing.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    no_patch = kubectl(f"kubectl patch deployment geo -n {NS}")
    assert "must specify --patch or --patch-file" in no_patch.stderr


def test_list_item_without_merge_key_is_a_server_error(kubectl):
    result = kubectl(f"kubectl patch deploy geo -n {NS} "
                     "-p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}'")
    assert result.stderr == "Error from server: map: map[image:x] does not contain declared merge key: name\n"


def test_pod_spec_fields_other_than_image_are_immutable(cluster, kubectl):
    pod = cluster.list("Pod", NS)[0]["metadata"]["name"]
    result = kubectl(f"kubectl patch pod {pod} -n {NS} -p "
                     "'{\"spec\":{\"containers\":[{\"name\":\"hotel-reserv-geo\",\"command\":[\"x\"]}]}}'")
    assert result.stderr.startswith(f'The Pod "{pod}" is invalid: spec: Forbidden: pod updates may not change')
    image = kubectl(f"kubectl patch pod {pod} -n {NS} -p "
                    "'{\"spec\":{\"containers\":[{\"name\":\"hotel-reserv-geo\",\"image\":\"x:1\"}]}}'")
    assert image.stdout == f"pod/{pod} patched\n"
