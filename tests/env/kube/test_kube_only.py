"""What only the kube backend has: per-role kubeconfigs, shell files handed to kubectl, and clean
one-line observations (with a timeout) when kubectl, the API server, Prometheus or Jaeger fails."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from aoi.env.backend import LOGS_NOT_FOUND
from aoi.env.kube import KubeBackend, KubectlFailed, KubeReader, NamespaceMissing
from aoi.problems import Incident, get_problem
from aoi.twin.server import write_kubeconfig

from .conftest import Served, served

PROBLEM = get_problem("revoke_auth_mongodb-mitigation-1")
NS = PROBLEM.namespace
FAILED = "[ERROR] Command execution failed: "


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Served]:
    with served(PROBLEM.id, tmp_path_factory.mktemp("kube-only")) as found:
        yield found


def started(kubeconfig: Path, executor: Path | None = None, **options) -> KubeBackend:
    backend = KubeBackend(kubeconfig, executor, **options)
    backend.reset(PROBLEM, 0)
    return backend


def annotation(server: Served, key: str) -> str | None:
    with server.twin.lock:
        found = server.twin.cluster.find("Deployment", "geo", NS)
    return (found["metadata"].get("annotations") or {}).get(key)


def test_a_write_without_executor_kubeconfig_is_refused(server):
    backend = started(server.kubeconfig)
    answer = backend.exec_shell(f"kubectl annotate deployment geo aoi-probe=1 -n {NS}")
    assert answer == (f"{FAILED}error: this kubectl command writes to the cluster and no Executor kubeconfig is "
                      "configured (aoi run --kubeconfig-executor); nothing ran\n")
    assert annotation(server, "aoi-probe") is None


def test_a_write_with_executor_kubeconfig_reaches_the_cluster(server):
    backend = started(server.kubeconfig, server.kubeconfig)
    answer = backend.exec_shell(f"kubectl annotate deployment geo aoi-executor=1 -n {NS}")
    assert answer == "deployment.apps/geo annotated\n"
    assert annotation(server, "aoi-executor") == "1"


def test_each_kubectl_of_a_line_gets_its_own_role(server):
    backend = started(server.kubeconfig)  # the read runs, the write after it is refused
    answer = backend.exec_shell(f"kubectl get deploy geo -n {NS} -o name && kubectl delete deploy geo -n {NS}")
    assert answer.startswith(f"{FAILED}error: this kubectl command writes")
    assert backend.reader().find("Deployment", "geo", NS) is not None


def test_credentials_in_the_command_are_refused(server):
    backend = started(server.kubeconfig, server.kubeconfig)
    answer = backend.exec_shell(f"kubectl --kubeconfig=/etc/admin.conf get pods -n {NS}")
    assert answer == (f"{FAILED}error: --kubeconfig is not allowed: AOI runs kubectl with each role's own "
                      "kubeconfig; nothing ran\n")


def test_files_the_shell_wrote_reach_kubectl(server):
    backend = started(server.kubeconfig, server.kubeconfig)
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aoi-note\ndata:\n  a: b\n"
    answer = backend.exec_shell(f"printf '{manifest}' > /tmp/cm.yaml && kubectl apply -f /tmp/cm.yaml -n {NS}")
    assert answer == "configmap/aoi-note created\n"
    assert backend.reader().find("ConfigMap", "aoi-note", NS)["data"] == {"a": "b"}


def test_reset_checks_the_namespace(server):
    backend = KubeBackend(server.kubeconfig)
    with pytest.raises(NamespaceMissing, match="namespace 'nowhere' does not exist"):
        backend.reset(Incident(description="slow", namespace="nowhere"), 0)
    with pytest.raises(RuntimeError, match="call reset"):
        backend.exec_shell("kubectl get pods")


def test_telemetry_without_urls_says_what_to_set(server):
    backend = started(server.kubeconfig)
    assert backend.get_metrics(NS, 1) == "Error: no Prometheus is configured for this cluster (aoi run --prometheus-url URL)."
    assert backend.get_traces(NS, 1) == "Error: no Jaeger is configured for this cluster (aoi run --jaeger-url URL)."


def test_missing_kubectl_fails_reset_in_one_line(server):
    backend = KubeBackend(server.kubeconfig, kubectl="/no/such/kubectl")
    with pytest.raises(KubectlFailed, match="kubectl: command not found$"):
        backend.reset(PROBLEM, 0)


# ----------------------------------------------------------------------------- unreachable
@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def gone_away(server: Served, tmp_path: Path, url: str, **options) -> KubeBackend:
    """A backend reset on the served twin whose API server then moves to ``url`` (kubectl reads its
    kubeconfig on every call); Prometheus and Jaeger are at ``url`` from the start."""
    kubeconfig = write_kubeconfig(tmp_path / "kc", server.url, NS)
    backend = started(kubeconfig, prometheus_url=url, jaeger_url=url, **options)
    write_kubeconfig(kubeconfig, url, NS)
    return backend


def test_an_unreachable_api_server_is_an_observation(server, tmp_path, closed_port):
    url = f"http://127.0.0.1:{closed_port}"
    backend = gone_away(server, tmp_path, url, timeout_s=5)
    answer = backend.exec_shell(f"kubectl get pods -n {NS}")
    # kubectl's own words, as AIOpsLab's shell shows them (its discovery retries log first)
    assert answer.startswith(FAILED) and answer.endswith(
        f"The connection to the server 127.0.0.1:{closed_port} was refused - did you specify the right host or port?\n")
    with pytest.raises(KubectlFailed, match="connection to the server .* was refused"):
        backend.reset(PROBLEM, 0)
    assert backend.get_logs(NS, "geo") == LOGS_NOT_FOUND
    assert backend.get_metrics(NS, 1).startswith(f"Error: cannot reach Prometheus at {url}: ")
    assert backend.get_traces(NS, 1).startswith(f"Error: cannot reach Jaeger at {url}: ")
    with pytest.raises(KubectlFailed):
        backend.reader().list("Pod", NS)


def test_a_silent_server_times_out(server, tmp_path, silent_url):
    backend = gone_away(server, tmp_path, silent_url, timeout_s=1)
    assert backend.exec_shell(f"kubectl get pods -n {NS}") == f"{FAILED}kubectl timed out after 1 s and was stopped\n"
    assert backend.get_metrics(NS, 1) == f"Error: Prometheus at {silent_url} did not answer within 1 s"
    assert backend.get_traces(NS, 1) == f"Error: Jaeger at {silent_url} did not answer within 1 s"


def test_reader_waits_are_real_and_bounded(server):
    slept: list[float] = []
    reader = KubeReader(started(server.kubeconfig).kubectl, server.kubeconfig, max_wait_s=12, sleep=slept.append)
    for _ in range(4):
        reader.wait(5)
    assert slept == [5, 5, 2]
