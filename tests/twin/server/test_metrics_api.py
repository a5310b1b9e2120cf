"""metrics.k8s.io/v1beta1 for kubectl top: shapes, Status texts, and figures that real kubectl prints
exactly as the emulator's ``kubectl top`` does."""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from aoi.problems import get_problem
from aoi.twin.clock import rfc3339
from aoi.twin.cluster import Cluster
from aoi.twin.kubectl import KubectlContext, run_kubectl
from aoi.twin.kubectl.quantity import millicores, to_bytes
from aoi.twin.scenario import start_scenario
from aoi.twin.server.metrics_api import metrics_routes
from aoi.twin.server.session import ServedTwin

SOCIAL = "test-social-network"
KUBECTL = shutil.which("kubectl")
BASE = "/apis/metrics.k8s.io/v1beta1"
MiB = 2**20


@pytest.fixture(scope="module")
def social() -> Iterator[tuple[Cluster, TestClient]]:
    """SocialNetwork with one Deployment pinned to a node that does not exist: a Pending pod."""
    problem = get_problem("assign_to_non_existent_node_social_net-detection-1")
    cluster = start_scenario(problem.app.value, problem.namespace, problem.fault, seed=0)
    cluster.advance(30)
    twin = ServedTwin(cluster, problem.namespace, step_seconds=0)
    with TestClient(Starlette(routes=metrics_routes(twin))) as client:
        yield cluster, client


def top(cluster: Cluster, *args: str) -> list[list[str]]:
    out = run_kubectl(KubectlContext(cluster, SOCIAL), ["kubectl", "top", *args, "--no-headers"]).stdout
    return [line.split() for line in out.splitlines()]


def kubectl_cpu(quantities: list[str]) -> str:
    """What kubectl prints for a sum of CPU quantities: ``MilliValue()`` rounds up."""
    nanos = sum(int(q[:-1]) if q.endswith("n") else millicores(q) * 1_000_000 for q in quantities)
    return f"{math.ceil(nanos / 1_000_000)}m"


def kubectl_memory(quantities: list[str]) -> str:
    return f"{sum(to_bytes(q) for q in quantities) // MiB}Mi"


def test_pod_metrics_print_what_kubectl_top_prints(social):
    cluster, client = social
    body = client.get(f"{BASE}/namespaces/{SOCIAL}/pods").json()
    assert list(body) == ["kind", "apiVersion", "metadata", "items"] and body["kind"] == "PodMetricsList"
    assert body["apiVersion"] == "metrics.k8s.io/v1beta1" and body["metadata"] == {}
    printed = [[item["metadata"]["name"], kubectl_cpu([c["usage"]["cpu"] for c in item["containers"]]),
                kubectl_memory([c["usage"]["memory"] for c in item["containers"]])] for item in body["items"]]
    assert printed == top(cluster, "pods", "-n", SOCIAL)
    pending = [p["metadata"]["name"] for p in cluster.list("Pod", SOCIAL) if p["status"]["phase"] == "Pending"]
    assert pending and not {item["metadata"]["name"] for item in body["items"]} & set(pending)
    item = body["items"][0]
    assert list(item) == ["metadata", "timestamp", "window", "containers"] and item["window"] == "20s"
    assert item["timestamp"] == rfc3339(cluster.clock.now) and item["metadata"]["labels"]["app"]
    usage = item["containers"][0]["usage"]
    assert usage["cpu"].endswith("000000n") and usage["memory"].endswith("Ki")


def test_every_namespace_and_each_container(social):
    cluster, client = social
    items = client.get(f"{BASE}/pods").json()["items"]
    assert [[i["metadata"]["namespace"], i["metadata"]["name"], kubectl_cpu([c["usage"]["cpu"] for c in
             i["containers"]]), kubectl_memory([c["usage"]["memory"] for c in i["containers"]])]
            for i in items] == top(cluster, "pods", "-A")
    per_container = [[i["metadata"]["name"], c["name"], kubectl_cpu([c["usage"]["cpu"]]),
                      kubectl_memory([c["usage"]["memory"]])] for i in items
                     if i["metadata"]["namespace"] == SOCIAL for c in i["containers"]]
    assert per_container == top(cluster, "pods", "-n", SOCIAL, "--containers")


def test_node_metrics_and_kubectls_percentages(social):
    cluster, client = social
    body = client.get(f"{BASE}/nodes").json()
    assert body["kind"] == "NodeMetricsList"
    printed = []
    for item in body["items"]:
        allocatable = cluster.get("Node", item["metadata"]["name"])["status"]["allocatable"]
        cpu, memory = kubectl_cpu([item["usage"]["cpu"]]), to_bytes(item["usage"]["memory"])
        printed.append([item["metadata"]["name"], cpu, f"{int(int(cpu[:-1]) / millicores(allocatable['cpu']) * 100)}%",
                        f"{memory // MiB}Mi", f"{int(memory / to_bytes(allocatable['memory']) * 100)}%"])
    assert printed == top(cluster, "nodes")
    one = client.get(f"{BASE}/nodes/kind-worker").json()
    assert list(one) == ["kind", "apiVersion", "metadata", "timestamp", "window", "usage"]
    assert one["kind"] == "NodeMetrics" and one["usage"] == body["items"][1]["usage"]


def test_one_pod_and_label_selection(social):
    cluster, client = social
    name = next(p["metadata"]["name"] for p in cluster.list("Pod", SOCIAL) if p["metadata"]["labels"]["app"] ==
                "user-timeline-service")
    one = client.get(f"{BASE}/namespaces/{SOCIAL}/pods/{name}").json()
    assert one["kind"] == "PodMetrics" and one["metadata"]["name"] == name
    selected = client.get(f"{BASE}/namespaces/{SOCIAL}/pods", params={"labelSelector": "app=user-timeline-service"})
    assert [i["metadata"]["name"] for i in selected.json()["items"]] == [name]
    by_field = client.get(f"{BASE}/pods", params={"fieldSelector": f"metadata.name={name}"}).json()["items"]
    assert [i["metadata"]["name"] for i in by_field] == [name]


@pytest.mark.parametrize(("path", "kind", "name"), [
    (f"{BASE}/namespaces/{SOCIAL}/pods/nope", "podmetrics", f"{SOCIAL}/nope"),
    (f"{BASE}/nodes/nope", "nodemetrics", "nope"),
])  # fmt: skip
def test_not_found_is_metrics_servers_status(social, path, kind, name):
    _, client = social
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.json() == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                             "message": f'{kind}.metrics.k8s.io "{name}" not found', "reason": "NotFound",
                             "details": {"name": name, "group": "metrics.k8s.io", "kind": kind}, "code": 404}


def test_a_pod_without_running_containers_has_no_metrics(social):
    cluster, client = social
    pending = next(p["metadata"]["name"] for p in cluster.list("Pod", SOCIAL) if p["status"]["phase"] == "Pending")
    answer = client.get(f"{BASE}/namespaces/{SOCIAL}/pods/{pending}")
    assert answer.status_code == 404 and answer.json()["message"] == \
        f'podmetrics.metrics.k8s.io "{SOCIAL}/{pending}" not found'
    bad = client.get(f"{BASE}/pods", params={"labelSelector": "app in (a"})
    assert bad.status_code == 400 and bad.json()["reason"] == "BadRequest"


@pytest.mark.skipif(KUBECTL is None, reason="needs a real kubectl")
def test_real_kubectl_top_prints_what_the_emulator_prints(social, tmp_path):
    from aoi.twin.server.kubeconfig import write_kubeconfig
    from aoi.twin.server.run import serving

    cluster, _ = social
    with serving(ServedTwin(cluster, SOCIAL, step_seconds=0)) as url:
        env = {"KUBECONFIG": str(write_kubeconfig(tmp_path / "config", url, SOCIAL)), "HOME": str(tmp_path)}
        for args in (["top", "pods", "-n", SOCIAL], ["top", "nodes"]):
            real = subprocess.run([KUBECTL or "kubectl", *args], env=env, capture_output=True, text=True, timeout=60)
            emulated = run_kubectl(KubectlContext(cluster, SOCIAL), ["kubectl", *args])
            assert real.returncode == 0, real.stderr
            assert real.stdout == emulated.stdout  # the last column padded too, as kubectl top's tabwriter does
