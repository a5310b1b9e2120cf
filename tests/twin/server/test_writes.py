"""Writes: create, replace, the three PATCH types, server-side apply, scale, delete, dry runs, errors."""

from __future__ import annotations

import json

from starlette.testclient import TestClient

from aoi.twin.server import ServedTwin

from .conftest import NS

DEPLOY = f"/apis/apps/v1/namespaces/{NS}/deployments"
CONFIGMAPS = f"/api/v1/namespaces/{NS}/configmaps"
STRATEGIC = {"Content-Type": "application/strategic-merge-patch+json"}
MERGE = {"Content-Type": "application/merge-patch+json"}
JSON_PATCH = {"Content-Type": "application/json-patch+json"}


def _configmap(name: str = "demo", **data: str) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}


def test_create_stores_the_object_and_conflicts_the_second_time(api: TestClient, hotel_twin: ServedTwin) -> None:
    created = api.post(CONFIGMAPS, json=_configmap(a="1"))
    assert created.status_code == 201
    assert created.json()["metadata"]["namespace"] == NS and created.json()["metadata"]["uid"]
    assert hotel_twin.cluster.get("ConfigMap", "demo", NS)["data"] == {"a": "1"}
    again = api.post(CONFIGMAPS, json=_configmap(a="1"))
    assert again.status_code == 409
    assert (again.json()["reason"], again.json()["message"]) == ("AlreadyExists", 'configmaps "demo" already exists')


def test_create_errors_are_the_servers(api: TestClient) -> None:
    other_ns = _configmap()
    other_ns["metadata"]["namespace"] = "default"
    wrong = api.post(CONFIGMAPS, json=other_ns)
    assert wrong.status_code == 400
    assert wrong.json()["message"] == "the namespace of the provided object does not match the namespace sent on the request"
    nameless = api.post(CONFIGMAPS, json={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {}})
    assert nameless.status_code == 422 and nameless.json()["reason"] == "Invalid"
    assert nameless.json()["details"]["causes"][0]["field"] == "metadata.name"
    missing_ns = api.post("/api/v1/namespaces/nope/configmaps", json=_configmap())
    assert (missing_ns.status_code, missing_ns.json()["message"]) == (404, 'namespaces "nope" not found')
    protobuf = api.post(CONFIGMAPS, content=b"k8s\x00", headers={"Content-Type": "application/vnd.kubernetes.protobuf"})
    assert protobuf.status_code == 415 and "the twin reads protobuf only for ConfigMap" in protobuf.json()["message"]


def _field(number: int, payload: bytes) -> bytes:
    """One length-delimited protobuf field (lengths below 128 here)."""
    return bytes([number << 3 | 2, len(payload)]) + payload


def test_protobuf_bodies_of_kubectls_generators_are_read(api: TestClient) -> None:
    meta = _field(1, b"from-proto") + _field(2, b"") + _field(11, _field(1, b"app") + _field(2, b"x"))
    configmap = _field(1, meta) + _field(2, _field(1, b"a") + _field(2, b"b"))
    type_meta = _field(1, b"v1") + _field(2, b"ConfigMap")
    body = b"k8s\x00" + _field(1, type_meta) + _field(2, configmap)
    created = api.post(CONFIGMAPS, content=body, headers={"Content-Type": "application/vnd.kubernetes.protobuf"})
    assert created.status_code == 201, created.text
    stored = created.json()
    assert (stored["data"], stored["metadata"]["labels"]) == ({"a": "b"}, {"app": "x"})
    assert "generateName" not in stored["metadata"]


def test_dry_run_answers_without_storing(api: TestClient, hotel_twin: ServedTwin) -> None:
    response = api.post(CONFIGMAPS, params={"dryRun": "All"}, json=_configmap(a="1"))
    assert response.status_code == 201 and response.json()["data"] == {"a": "1"}
    assert hotel_twin.cluster.find("ConfigMap", "demo", NS) is None


def test_replace_checks_the_resource_version_precondition(api: TestClient, hotel_twin: ServedTwin) -> None:
    stored = api.post(CONFIGMAPS, json=_configmap(a="1")).json()
    stale = {**stored, "data": {"a": "2"}, "metadata": {**stored["metadata"], "resourceVersion": "1"}}
    conflict = api.put(f"{CONFIGMAPS}/demo", json=stale)
    assert conflict.status_code == 409 and conflict.json()["reason"] == "Conflict"
    assert conflict.json()["message"].startswith('Operation cannot be fulfilled on configmaps "demo": the object '
                                                 "has been modified")
    fresh = {**stored, "data": {"a": "2"}}
    assert api.put(f"{CONFIGMAPS}/demo", json=fresh).json()["data"] == {"a": "2"}
    assert api.put(f"{CONFIGMAPS}/nope", json=_configmap("nope")).status_code == 404


def test_strategic_merge_patches_containers_by_name(api: TestClient, hotel_twin: ServedTwin) -> None:
    before = hotel_twin.cluster.get("Deployment", "geo", NS)
    container = before["spec"]["template"]["spec"]["containers"][0]["name"]
    patch = {"spec": {"template": {"spec": {"containers": [{"name": container, "env": [{"name": "X", "value": "1"}]}]}}}}
    body = api.patch(f"{DEPLOY}/geo", content=json.dumps(patch), headers=STRATEGIC).json()
    containers = body["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1 and {"name": "X", "value": "1"} in containers[0]["env"]
    assert containers[0]["image"] == before["spec"]["template"]["spec"]["containers"][0]["image"]
    assert body["metadata"]["generation"] == before["metadata"]["generation"] + 1
    # The controllers reacted: a new ReplicaSet rolls the change out.
    templates = [rs["spec"]["template"]["spec"]["containers"][0].get("env") or []
                 for rs in hotel_twin.cluster.list("ReplicaSet", NS, {"io.kompose.service": "geo"})]
    assert any({"name": "X", "value": "1"} in env for env in templates)


def test_a_patch_that_changes_nothing_keeps_the_resource_version(api: TestClient, hotel_twin: ServedTwin) -> None:
    version = hotel_twin.cluster.get("Deployment", "geo", NS)["metadata"]["resourceVersion"]
    body = api.patch(f"{DEPLOY}/geo", content=json.dumps({"spec": {"replicas": 1}}), headers=STRATEGIC).json()
    assert body["metadata"]["resourceVersion"] == version


def test_merge_and_json_patches(api: TestClient, hotel_twin: ServedTwin) -> None:
    merged = api.patch(f"/api/v1/namespaces/{NS}/services/geo", content=json.dumps({"metadata": {"labels": {"a": "b"}}}),
                       headers=MERGE).json()
    assert merged["metadata"]["labels"]["a"] == "b"
    ops = [{"op": "replace", "path": "/spec/ports/0/targetPort", "value": 9999}]
    patched = api.patch(f"/api/v1/namespaces/{NS}/services/geo", content=json.dumps(ops), headers=JSON_PATCH).json()
    assert patched["spec"]["ports"][0]["targetPort"] == 9999
    failing = api.patch(f"/api/v1/namespaces/{NS}/services/geo", headers=JSON_PATCH,
                        content=json.dumps([{"op": "remove", "path": "/spec/nope"}]))
    assert failing.status_code == 422
    assert failing.json()["message"] == "the server rejected our request due to an error in our request"


def test_immutable_fields_are_invalid_as_in_the_emulator(api: TestClient) -> None:
    patch = {"spec": {"selector": {"matchLabels": {"app": "x"}}}}
    response = api.patch(f"{DEPLOY}/geo", content=json.dumps(patch), headers=STRATEGIC)
    assert response.status_code == 422
    cause = response.json()["details"]["causes"][0]
    assert response.json()["details"]["kind"] == "Deployment" and cause["field"] == "spec.selector"
    assert cause["message"].endswith("field is immutable")


def test_strategic_merge_is_refused_for_custom_resources(api: TestClient) -> None:
    response = api.patch("/apis/chaos-mesh.org/v1alpha1/namespaces/default/podchaos/x", content="{}",
                         headers=STRATEGIC)
    assert response.status_code == 415 and response.json()["reason"] == "UnsupportedMediaType"


def test_server_side_apply_creates_then_merges(api: TestClient, hotel_twin: ServedTwin) -> None:
    headers = {"Content-Type": "application/apply-patch+yaml"}
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: '1'\n"
    created = api.patch(f"{CONFIGMAPS}/ssa", params={"fieldManager": "kubectl"}, content=manifest, headers=headers)
    assert created.status_code == 201
    updated = api.patch(f"{CONFIGMAPS}/ssa", params={"fieldManager": "kubectl"}, headers=headers,
                        content=manifest.replace("'1'", "'2'"))
    assert updated.status_code == 200 and hotel_twin.cluster.get("ConfigMap", "ssa", NS)["data"] == {"a": "2"}
    assert api.patch(f"{CONFIGMAPS}/ssa", content=manifest, headers=headers).status_code == 422


def test_scale_subresource(api: TestClient, hotel_twin: ServedTwin) -> None:
    scale = api.get(f"{DEPLOY}/geo/scale").json()
    assert scale["kind"] == "Scale" and scale["spec"]["replicas"] == 1
    assert scale["status"]["selector"] == "io.kompose.service=geo"
    body = api.patch(f"{DEPLOY}/geo/scale", content=json.dumps({"spec": {"replicas": 3}}), headers=MERGE).json()
    assert body["kind"] == "Scale" and body["spec"]["replicas"] == 3
    assert len(hotel_twin.cluster.list("Pod", NS, {"io.kompose.service": "geo"})) == 3
    assert api.put(f"{DEPLOY}/geo/scale", json={**scale, "spec": {"replicas": 0}}).status_code == 409  # stale
    put = api.put(f"{DEPLOY}/geo/scale", json={**body, "spec": {"replicas": 0}}).json()
    assert put["spec"]["replicas"] == 0 and not hotel_twin.cluster.list("Pod", NS, {"io.kompose.service": "geo"})


def test_status_subresource_writes_status_only(api: TestClient, hotel_twin: ServedTwin) -> None:
    ingress = {"loadBalancer": {"ingress": [{"ip": "10.0.0.9"}]}}
    patch = {"status": ingress, "spec": {"type": "NodePort"}}
    body = api.patch(f"/api/v1/namespaces/{NS}/services/geo/status", content=json.dumps(patch), headers=MERGE).json()
    assert body["status"] == ingress and body["spec"]["type"] == "ClusterIP"
    # ...and the main resource leaves status alone.
    patch = {"status": {"loadBalancer": {}}, "metadata": {"labels": {"a": "b"}}}
    body = api.patch(f"/api/v1/namespaces/{NS}/services/geo", content=json.dumps(patch), headers=MERGE).json()
    assert body["status"] == ingress and body["metadata"]["labels"]["a"] == "b"


def test_delete_a_pod_answers_the_pod_and_its_replica_set_replaces_it(api: TestClient, hotel_twin: ServedTwin) -> None:
    [pod] = hotel_twin.cluster.list("Pod", NS, {"io.kompose.service": "geo"})
    name = pod["metadata"]["name"]
    response = api.request("DELETE", f"/api/v1/namespaces/{NS}/pods/{name}",
                           json={"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"})
    assert response.status_code == 200
    assert response.json()["kind"] == "Pod" and response.json()["metadata"]["deletionTimestamp"]
    [replacement] = hotel_twin.cluster.list("Pod", NS, {"io.kompose.service": "geo"})
    assert replacement["metadata"]["name"] != name


def test_delete_other_objects_answers_success_and_cascades(api: TestClient, hotel_twin: ServedTwin) -> None:
    body = api.delete(f"{DEPLOY}/geo").json()
    assert (body["kind"], body["status"], body["details"]["name"], body["details"]["group"]) == \
        ("Status", "Success", "geo", "apps")
    assert not hotel_twin.cluster.list("Pod", NS, {"io.kompose.service": "geo"})
    assert api.delete(f"{DEPLOY}/geo").status_code == 404
    forbidden = api.delete("/api/v1/namespaces/default")
    assert forbidden.status_code == 403 and forbidden.json()["message"] == (
        'namespaces "default" is forbidden: this namespace may not be deleted')


def test_delete_collection_by_label(api: TestClient, hotel_twin: ServedTwin) -> None:
    body = api.delete(f"/api/v1/namespaces/{NS}/configmaps", params={"labelSelector": "nothing=here"}).json()
    assert body["kind"] == "ConfigMapList" and body["items"] == []
    api.post(CONFIGMAPS, json={**_configmap("a"), "metadata": {"name": "a", "labels": {"x": "y"}}})
    body = api.delete(f"/api/v1/namespaces/{NS}/configmaps", params={"labelSelector": "x=y"}).json()
    assert [i["metadata"]["name"] for i in body["items"]] == ["a"]
    assert hotel_twin.cluster.find("ConfigMap", "a", NS) is None


def test_dry_run_delete_keeps_the_object(api: TestClient, hotel_twin: ServedTwin) -> None:
    assert api.delete(f"{DEPLOY}/geo", params={"dryRun": "All"}).status_code == 200
    assert hotel_twin.cluster.find("Deployment", "geo", NS) is not None
