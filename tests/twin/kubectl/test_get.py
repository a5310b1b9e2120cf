"""``kubectl get`` end to end through `run_kubectl`: tables, errors, selectors and output formats."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from aoi.twin.cluster import Cluster

from .read_fixtures import NS, build_shop, kubectl, pod_named


@pytest.fixture(scope="module")
def shop() -> Cluster:
    return build_shop()


def _column(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    start = lines[0].index(header)
    return [line[start:].split("   ")[0].strip() for line in lines[1:]]


def test_get_pods_table(shop: Cluster):
    result = kubectl(shop, "get pods")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert re.split(r"\s{3,}", lines[0]) == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    rows = {line.split()[0].rsplit("-", 2)[0] if "-" in line.split()[0] else line.split()[0]: line
            for line in lines[1:]}
    assert rows["crash"].split()[1:3] == ["0/1", "CrashLoopBackOff"]
    assert re.search(r"   \d+ \(\d+s ago\)   ", rows["crash"])
    assert rows["pull"].split()[2] in ("ImagePullBackOff", "ErrImagePull")
    assert rows["stuck"].split()[1:4] == ["0/1", "Pending", "0"]
    assert rows["done"].split()[1:3] == ["0/1", "Completed"]
    assert rows["duo"].split()[1:3] == ["2/2", "Running"]
    # Every column starts at the same offset on every line (tabwriter alignment).
    starts = [m.start() for m in re.finditer(r"(?<=   )\S", lines[0])]
    for line in lines[1:]:
        for start in starts:
            assert line[start - 1] == " " and line[start] != " "


def test_get_pods_wide_and_all_namespaces(shop: Cluster):
    wide = kubectl(shop, "get pods -o wide").stdout.splitlines()
    assert re.split(r"\s{3,}", wide[0]) == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                                            "NOMINATED NODE", "READINESS GATES"]
    stuck = next(line for line in wide if line.startswith("stuck-"))
    assert stuck.split()[-4:] == ["<none>", "<none>", "<none>", "<none>"]
    every = kubectl(shop, "get pods -A").stdout.splitlines()
    assert every[0].split()[:2] == ["NAMESPACE", "NAME"]
    assert all(line.startswith(NS + " ") for line in every[1:])


def test_get_all_sections(shop: Cluster):
    text = kubectl(shop, "get all").stdout
    sections = text.split("\n\n")
    assert [s.splitlines()[1].split("/")[0] for s in sections] == ["pod", "service", "deployment.apps",
                                                                  "replicaset.apps"]
    assert sections[1].splitlines()[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert "service/web-np   NodePort" in sections[1]


def test_services_endpoints_and_storage_rows(shop: Cluster):
    svc = kubectl(shop, "get svc").stdout
    assert re.search(r"^web-np\s+NodePort\s+10\.96\.10\.11\s+<none>\s+16686:31234/TCP,5775:\d+/UDP\s+\d+s$", svc,
                     re.M)
    assert re.search(r"^web\s+ClusterIP\s+10\.96\.10\.10\s+<none>\s+80/TCP\s+", svc, re.M)
    ep = kubectl(shop, "get ep web").stdout.splitlines()
    assert ep[0].split() == ["NAME", "ENDPOINTS", "AGE"]
    assert re.match(r"web\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080\s+\d+s$", ep[1])
    assert kubectl(shop, "get cm settings").stdout.splitlines()[1].split()[:2] == ["settings", "2"]
    assert kubectl(shop, "get secret db").stdout.splitlines()[1].split()[:3] == ["db", "Opaque", "1"]
    pvc = kubectl(shop, "get pvc").stdout.splitlines()[1].split()
    assert pvc[:6] == ["data", "Bound", "data-pv", "1Gi", "RWO", "manual"]
    pv = kubectl(shop, "get pv").stdout.splitlines()[1].split()
    assert pv[:7] == ["data-pv", "1Gi", "RWO", "Retain", "Bound", "shop/data", "manual"]


def test_nodes_namespaces_events(shop: Cluster):
    nodes = kubectl(shop, "get nodes").stdout.splitlines()
    assert nodes[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert nodes[1].split()[:3] == ["kind-control-plane", "Ready", "control-plane"]
    assert nodes[2].split()[:3] == ["kind-worker", "Ready", "<none>"]
    ns = kubectl(shop, "get ns").stdout
    assert re.search(r"^shop\s+Active\s+\d+s$", ns, re.M)
    events = kubectl(shop, "get events").stdout.splitlines()
    assert re.split(r"\s{3,}", events[0]) == ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    # the API server's row shows the last occurrence only; the count is a column of -o wide
    assert any(re.match(r"\d+s\s+Warning\s+BackOff\s+pod/crash-", line) for line in events)
    wide = kubectl(shop, "get events -o wide").stdout.splitlines()
    assert any(re.search(r"Warning\s+BackOff\s+pod/crash-.*\s\d+s\s+[2-9]\d*\s+crash-", line) for line in wide)
    # kubectl prints the API server's order, by event name: each object's events, oldest first
    by_object: dict[str, list[int]] = {}
    for line in events[1:]:
        if "(x" not in line:
            by_object.setdefault(line.split()[3], []).append(int(line.split()[0].rstrip("s")))
    names = kubectl(shop, "get events -o name").stdout.splitlines()
    assert names == sorted(names)
    assert all(ages == sorted(ages, reverse=True) for ages in by_object.values())
    assert kubectl(shop, "get events -A").stdout.split()[0] == "NAMESPACE"


def test_not_found_and_partial_results(shop: Cluster):
    missing = kubectl(shop, "get pod nope")
    assert (missing.exit_code, missing.stdout, missing.stderr) == (
        1, "", 'Error from server (NotFound): pods "nope" not found\n')
    mixed = kubectl(shop, "get deploy web nope other")
    assert mixed.exit_code == 1 and mixed.stdout.splitlines()[1].startswith("web ")
    assert mixed.stderr == ('Error from server (NotFound): deployments.apps "nope" not found\n'
                            'Error from server (NotFound): deployments.apps "other" not found\n')


def test_usage_errors(shop: Cluster):
    unknown = kubectl(shop, "get foo")
    assert (unknown.exit_code, unknown.stderr) == (1, 'error: the server doesn\'t have a resource type "foo"\n')
    bare = kubectl(shop, "get")
    assert bare.exit_code == 1
    assert bare.stderr.startswith("You must specify the type of resource to get. Use \"kubectl api-resources\"")
    assert "error: Required resource not specified." in bare.stderr
    across = kubectl(shop, "get pod x -A")
    assert across.stderr == "error: a resource cannot be retrieved by name across all namespaces\n"
    bad = kubectl(shop, "get pods -o xml")
    assert bad.stderr.startswith('error: unable to match a printer suitable for the output format "xml"')


def test_empty_results(shop: Cluster):
    empty = kubectl(shop, "get pods -n default")
    assert (empty.exit_code, empty.stdout, empty.stderr) == (0, "", "No resources found in default namespace.\n")
    none = kubectl(shop, "get pods -A -l app=nothing")
    assert none.stderr == "No resources found\n"
    assert kubectl(shop, "get sts").stderr == f"No resources found in {NS} namespace.\n"


def test_label_selectors(shop: Cluster):
    def names(selector: str) -> set[str]:
        out = kubectl(shop, ["get", "pods", "-l", selector, "-o", "name"]).stdout.split()
        return {n.removeprefix("pod/").rsplit("-", 2)[0] if n.count("-") >= 2 else n.removeprefix("pod/")
                for n in out}

    assert names("app=web") == {"web"}
    assert names("app!=web") == {"crash", "pull", "duo", "stuck", "done"}
    assert names("app in (web,crash)") == {"web", "crash"}
    assert names("app notin (web,crash,pull,duo,stuck)") == {"done"}
    assert names("pod-template-hash") == {"web", "crash", "pull", "duo", "stuck"}
    assert names("!pod-template-hash") == {"done"}


def test_field_selectors(shop: Cluster):
    running = kubectl(shop, "get pods --field-selector status.phase=Running -o name").stdout.split()
    assert any(n.startswith("pod/web-") for n in running) and not any(n.startswith("pod/stuck-") for n in running)
    unscheduled = kubectl(shop, "get pods --field-selector spec.nodeName= -o name").stdout.split()
    assert [n.split("-")[0] for n in unscheduled] == ["pod/stuck"]
    web = pod_named(shop, "web")["metadata"]["name"]
    assert kubectl(shop, f"get pods --field-selector metadata.name={web} -o name").stdout == f"pod/{web}\n"
    bad = kubectl(shop, "get pods --field-selector foo=bar")
    assert bad.exit_code == 1 and "field label not supported: foo" in bad.stderr
    assert 'Unable to find "/v1, Resource=pods"' in bad.stderr


def test_output_name_json_yaml(shop: Cluster):
    assert kubectl(shop, "get deploy -o name").stdout.splitlines()[0] == "deployment.apps/crash"
    single = json.loads(kubectl(shop, "get svc web -o json").stdout)
    assert single["kind"] == "Service" and single["metadata"]["name"] == "web"
    many = yaml.safe_load(kubectl(shop, "get svc -o yaml").stdout)
    assert many["kind"] == "List" and [i["metadata"]["name"] for i in many["items"]] == ["web", "web-np"]
    assert yaml.safe_load(kubectl(shop, "get svc web -o yaml").stdout) == shop.get("Service", "web", NS)
    empty = json.loads(kubectl(shop, "get sts -o json").stdout)
    assert empty["items"] == []


def test_jsonpath_and_custom_columns(shop: Cluster):
    names = kubectl(shop, "get svc -o jsonpath={.items[*].metadata.name}").stdout
    assert names == "web web-np"
    quoted = kubectl(shop, "get secret db -o jsonpath='{.data.password}'").stdout
    assert quoted == "cGFzc3dvcmQ="
    columns = kubectl(shop, "get svc -o custom-columns=NAME:.metadata.name,TYPE:.spec.type").stdout
    assert columns.splitlines() == ["NAME     TYPE", "web      ClusterIP", "web-np   NodePort"]
    assert "go-template" in kubectl(shop, "get pods -o go-template={{.kind}}").stderr


def test_sort_by_show_labels_no_headers_show_kind(shop: Cluster):
    by_name = kubectl(shop, "get svc --sort-by=.spec.type --no-headers").stdout.splitlines()
    assert [line.split()[0] for line in by_name] == ["web", "web-np"]
    by_port = kubectl(shop, "get svc --sort-by={.spec.ports[0].port} -o name").stdout.split()
    assert by_port == ["service/web", "service/web-np"]
    labels = kubectl(shop, "get deploy web --show-labels").stdout.splitlines()
    assert labels[0].split()[-1] == "LABELS" and labels[1].split()[-1] == "app=web"
    assert kubectl(shop, "get deploy web --show-kind").stdout.splitlines()[1].startswith("deployment.apps/web ")
    assert kubectl(shop, "get deploy web -w").stdout == kubectl(shop, "get deploy web").stdout


def test_deployment_and_replicaset_columns(shop: Cluster):
    deploy = kubectl(shop, "get deploy -o wide").stdout.splitlines()
    assert deploy[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES",
                                 "SELECTOR"]
    web = next(line for line in deploy if line.startswith("web "))
    assert web.split()[1:4] == ["2/2", "2", "2"] and web.split()[-3:] == ["web", "shop/web:1.0", "app=web"]
    crash = next(line for line in deploy if line.startswith("crash "))
    assert crash.split()[1:4] == ["0/1", "1", "0"]
    rs = kubectl(shop, "get rs").stdout.splitlines()
    assert rs[0].split() == ["NAME", "DESIRED", "CURRENT", "READY", "AGE"]
