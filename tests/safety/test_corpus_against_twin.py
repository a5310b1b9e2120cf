"""Ground truth from the twin: no adversarial command is read, and every read leaves the cluster as it was.

Each realistic read runs in the twin of the app its namespace names (namespaces are mapped to the
twin's). Afterwards the whole pickled cluster state must equal that of a control copy, restored
from the snapshot taken just before, to which only the same virtual time was allowed to pass
(``sleep`` lets the controllers run; that is time, not a write).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from aoi.problems import get_problem
from aoi.safety import classify
from aoi.twin.cluster import Cluster
from aoi.twin.scenario import start_scenario, twin_shell

HERE = Path(__file__).parent
ADVERSARIAL = [json.loads(line) for line in (HERE / "adversarial_commands.jsonl").read_text().splitlines() if line]
READS = [json.loads(line) for line in (HERE / "realistic_reads.jsonl").read_text().splitlines() if line]
PROBLEMS = {
    "hotel-reservation": "revoke_auth_mongodb-detection-1",
    "astronomy-shop": "noop_detection_astronomy_shop-1",
    "default": "k8s_target_port-misconfig-detection-1",
}


def _state(cluster: Cluster) -> dict:
    return pickle.loads(cluster.snapshot())


def _canon(value: object, depth: int = 0) -> object:
    """A comparable form of unpickled state: sets and dicts sorted, objects as their fields.

    Pickled bytes are no test of equality: two equal sets with different insertion histories
    pickle in different orders.
    """
    if depth > 60 or isinstance(value, (str, int, float, bool, bytes, type(None))):
        return value
    if isinstance(value, dict):
        return sorted((repr(_canon(k, depth + 1)), _canon(v, depth + 1)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_canon(v, depth + 1)) for v in value)
    if isinstance(value, (list, tuple)) or type(value).__name__ == "deque":
        return [_canon(v, depth + 1) for v in value]
    if hasattr(value, "getstate"):
        return value.getstate()
    fields = getattr(value, "__dict__", None)
    if fields is None and hasattr(type(value), "__slots__"):
        fields = {k: getattr(value, k, None) for k in type(value).__slots__}
    return (type(value).__name__, _canon(fields, depth + 1)) if fields is not None else repr(value)


def _fresh(key: str) -> tuple[Cluster, str]:
    p = get_problem(PROBLEMS[key])
    return start_scenario(p.app.value, p.namespace, p.fault, seed=0), p.namespace


def test_no_adversarial_command_is_read() -> None:
    reads = [c for c in ADVERSARIAL if classify(c).verdict == "read"]
    assert reads == []


@pytest.mark.parametrize("command", READS)
def test_read_leaves_twin_unchanged(command: str) -> None:
    assert classify(command).verdict == "read"
    key = next((k for k in PROBLEMS if k != "default" and k in command), "default")
    cluster, namespace = _fresh(key)  # a fresh twin per command: no history between commands
    shell = twin_shell(cluster)
    if key != "default":
        command = command.replace(key, namespace)
    before, started = cluster.snapshot(), cluster.clock.now
    shell.run(command)
    control = Cluster.restore(before, cluster.behaviours)
    control.advance(cluster.clock.now - started)
    after, expected = _state(cluster), _state(control)
    changed = sorted(k for k in expected if _canon(after[k]) != _canon(expected[k]))
    assert changed == [], command
