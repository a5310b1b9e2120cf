"""The backend contract, run against every backend: the same problem, seed and actions give the
twin backend's texts.

A backend's test module subclasses `BackendContract` and provides two module-scoped fixtures:
``backend``, the backend under test, reset on `PROBLEM_ID` at `SEED` with its clock frozen
`WARMUP_S` seconds after the problem started (so there are metrics and traces to export), and
``reference``, a `TwinBackend` in that same state (`reference_twin`). Texts are compared after
`normalised` puts ``<workdir>`` for each backend's own export folder. What differs by nature is
compared loosely and said so: the trace file's name (AIOpsLab names it after the local clock)
and how integral gauge values are printed (Prometheus sends ``"5"``, the twin writes ``5.0``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from aoi.env import Backend, TwinBackend
from aoi.env.backend import DOCKER_LOGS_NOT_FOUND, LOGS_NOT_FOUND
from aoi.problems import get_problem

PROBLEM_ID = "revoke_auth_mongodb-mitigation-1"
SEED = 0
WARMUP_S = 300
NS = "test-hotel-reservation"

COMMANDS = [
    f"kubectl get pods -n {NS}",
    f"kubectl get deployments -n {NS} -o wide",
    f"kubectl get svc -n {NS} | grep -v NAME | awk '{{print $1, $2}}' | sort | head -5",
    f"kubectl get pods -n {NS} -o json | jq -r '.items[].metadata.name' | wc -l",
    f"kubectl get configmap -n {NS} -o name | head -3",
    f"kubectl logs deploy/geo -n {NS} --tail=5",
    f"kubectl get events -n {NS} --sort-by=.lastTimestamp | tail -3",
    "kubectl get nodes",
    f"kubectl top pods -n {NS}",
    f"kubectl get deploy geo -n {NS} -o jsonpath='{{.spec.template.spec.containers[0].image}}'",
    f"kubectl get pods -n {NS} -l io.kompose.service=geo -o yaml | grep -A3 'state:'",
    f"kubectl describe deployment geo -n {NS} | head -12",
    f"kubectl get svc geo -n {NS} -o json | jq .spec.ports",
    f"kubectl get pods -n {NS} | grep -c Running",
    # failures: AIOpsLab's "[ERROR] Command execution failed: <stderr>"
    f"kubectl get pod no-such-pod -n {NS}",
    "kubectl get pods -n nowhere",
    "kubectl get nosuchkind",
    "nosuchprogram --x",
]
LOG_CASES = [(NS, "frontend"), (NS, "geo"), (NS, "mongodb-geo"), (NS, "no-such-service"), ("nowhere", "frontend"),
             ("docker", "frontend")]  # fmt: skip


def reference_twin() -> TwinBackend:
    """The twin backend in the contract's state: `PROBLEM_ID` at `SEED`, `WARMUP_S` in, clock frozen."""
    backend = TwinBackend(step_seconds=0)
    backend.reset(get_problem(PROBLEM_ID), SEED)
    backend.cluster.advance(WARMUP_S)
    return backend


def normalised(text: str, backend: Backend) -> str:
    return text.replace(str(backend.workdir), "<workdir>")  # type: ignore[attr-defined]


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _same_figures(a: list[list[str]], b: list[list[str]]) -> bool:
    """Equal rows, the last column compared as numbers."""
    if len(a) != len(b):
        return False
    return all(x[:-1] == y[:-1] and float(x[-1]) == float(y[-1]) for x, y in zip(a[1:], b[1:], strict=True))


class BackendContract:
    """The tests every backend passes; see the module docstring for the two fixtures."""

    def test_is_a_backend(self, backend):
        assert isinstance(backend, Backend)

    @pytest.mark.parametrize("command", COMMANDS)
    def test_exec_shell_texts_agree(self, backend, reference, command):
        assert backend.exec_shell(command) == reference.exec_shell(command)

    def test_exec_shell_failure_is_aiopslab_text(self, backend):
        failed = backend.exec_shell(f"kubectl get pod no-such-pod -n {NS}")
        assert failed == '[ERROR] Command execution failed: Error from server (NotFound): pods "no-such-pod" not found\n'

    def test_same_command_same_bytes(self, backend):
        command = f"kubectl get pods -n {NS} -o wide"
        assert backend.exec_shell(command) == backend.exec_shell(command)

    @pytest.mark.parametrize(("namespace", "service"), LOG_CASES)
    def test_get_logs_agree(self, backend, reference, namespace, service):
        assert backend.get_logs(namespace, service) == reference.get_logs(namespace, service)

    def test_get_logs_follows_aiopslab_selectors(self, backend):
        assert backend.get_logs("nowhere", "frontend") == LOGS_NOT_FOUND
        assert backend.get_logs(NS, "frontend") not in (LOGS_NOT_FOUND, "")
        assert backend.get_logs("docker", "frontend") == DOCKER_LOGS_NOT_FOUND

    def test_get_metrics_layout_and_rows_agree(self, backend, reference):
        mine, theirs = backend.get_metrics(NS, 5), reference.get_metrics(NS, 5)
        assert normalised(mine, backend) == normalised(theirs, reference)
        folders = [Path(re.search(r"directory: (\S+)", text).group(1)) for text in (mine, theirs)]
        files = [sorted(p.name for p in (folder / "container").iterdir()) for folder in folders]
        assert files[0] == files[1] and len(files[0]) >= 20
        assert [sorted(p.name for p in folder.iterdir()) for folder in folders] == [["container", "istio"]] * 2
        for name in files[0]:
            ours, ref = _rows(folders[0] / "container" / name), _rows(folders[1] / "container" / name)
            assert ours[0] == ref[0] == ["timestamp", "cmdb_id", "kpi_name", "value"]
            assert _same_figures(ours, ref), name

    def test_get_traces_layout_and_rows_agree(self, backend, reference):
        mine, theirs = backend.get_traces(NS, 5), reference.get_traces(NS, 5)
        pattern = r"Traces data exported to: <workdir>/trace_output/traces_\d+\.csv"
        assert re.fullmatch(pattern, normalised(mine, backend)) and re.fullmatch(pattern, normalised(theirs, reference))
        ours, ref = (Path(text.removeprefix("Traces data exported to: ")) for text in (mine, theirs))
        assert ours.read_text() == ref.read_text()
        assert len(_rows(ours)) > 100

    def test_read_metrics_and_traces_agree(self, backend, reference):
        name = "container/kpi_container_network_receive_bytes_total.csv"  # a counter: printed alike by both
        texts = []
        for one in (backend, reference):
            folder = re.search(r"directory: (\S+)", one.get_metrics(NS, 2)).group(1)
            traces = one.get_traces(NS, 5).removeprefix("Traces data exported to: ")
            texts.append((one.read_metrics(f"{folder}/{name}"), one.read_traces(traces)))
        assert texts[0] == texts[1]
        assert texts[0][0].lstrip().startswith("timestamp") and texts[0][1].lstrip().startswith("trace_id")

    def test_read_errors_use_aiopslab_texts(self, backend):
        assert backend.read_metrics("/no/such.csv") == "error: Metrics file '/no/such.csv' not found."
        assert backend.read_traces("/no/such.csv") == "error: Traces file '/no/such.csv' not found."

    def test_bad_duration_fails_as_in_aiopslab(self, backend, reference):
        for api in ("get_metrics", "get_traces"):
            with pytest.raises(TypeError) as ours:
                getattr(backend, api)(NS, "5")
            with pytest.raises(TypeError) as ref:
                getattr(reference, api)(NS, "5")
            assert str(ours.value) == str(ref.value)

    def test_reader_agrees(self, backend, reference):
        ours, ref = backend.reader(), reference.reader()
        assert ours.find("Deployment", "frontend", NS)["metadata"]["name"] == "frontend"
        assert ours.find("Deployment", "no-such-deployment", NS) is None
        for kind in ("Deployment", "Pod", "Service"):
            assert sorted(o["metadata"]["name"] for o in ours.list(kind, NS)) == sorted(
                o["metadata"]["name"] for o in ref.list(kind, NS))
        assert len(ours.list("Node")) == len(ref.list("Node")) > 0
