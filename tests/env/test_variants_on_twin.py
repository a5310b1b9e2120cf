"""Problem variants on the twin: each fault lands on its own target, and every variant verifies."""

from __future__ import annotations

import pytest

from aoi.env import TwinBackend, verify_problem
from aoi.problems import FaultSpec, Problem, all_variants
from aoi.twin.faults.chaos_mesh import PAUSE_IMAGE

# One problem per distinct fault: the detection variant (every family has one).
FAULTS = {(p.fault.family, p.fault.target): p for p in reversed(all_variants())}


def _pods_of(backend: TwinBackend, problem: Problem) -> list[dict]:
    target = problem.fault.target
    return [
        pod
        for pod in backend.cluster.list("Pod", problem.namespace)
        if pod["metadata"]["name"].rsplit("-", 2)[0] == target
        and not pod["metadata"].get("deletionTimestamp")
    ]


def _fault_mark(backend: TwinBackend, problem: Problem) -> bool:
    """Whether the cluster shows this fault on the target (and so not on some other service)."""
    fault: FaultSpec = problem.fault
    ns, kind, target = problem.namespace, fault.fault_type, fault.target
    pods = _pods_of(backend, problem)
    if kind == "misconfig_k8s":
        ports = backend.cluster.get("Service", target, ns)["spec"]["ports"]
        return [p["targetPort"] for p in ports] == [fault.params["to_target_port"]]
    if kind == "scale_pods_to_zero":
        return backend.cluster.get("Deployment", target, ns)["spec"]["replicas"] == 0 and not pods
    if kind == "assign_to_non_existent_node":
        return bool(pods) and all(p["status"].get("phase") == "Pending" for p in pods)
    if kind == "wrong_bin_usage":
        return [c["command"] for p in pods for c in p["spec"]["containers"]] == [fault.params["to_command"]]
    action = fault.params["action"]
    if action == "container-kill":
        statuses = [s for p in pods for s in p["status"]["containerStatuses"]]
        return [s["name"] for s in statuses] == fault.params["container_names"] and statuses[0][
            "restartCount"
        ] >= 1
    if action == "pod-failure":
        return bool(pods) and all(c["image"] == PAUSE_IMAGE for p in pods for c in p["spec"]["containers"])
    experiments = backend.cluster.list(fault.params["kind"], ns)
    selected = [backend.cluster.list("Pod", ns, e["spec"]["selector"]["labelSelectors"]) for e in experiments]
    return (
        bool(pods)
        and len(experiments) == 1
        and {p["metadata"]["name"] for p in selected[0]} == {p["metadata"]["name"] for p in pods}
    )


@pytest.mark.parametrize("problem", list(FAULTS.values()), ids=lambda p: p.id)
def test_the_fault_lands_on_the_variant_target(problem: Problem):
    backend = TwinBackend()
    backend.reset(problem, seed=0)
    assert _fault_mark(backend, problem)


@pytest.mark.parametrize("problem", all_variants(), ids=lambda p: p.id)
def test_every_variant_verifies(problem: Problem):
    row = verify_problem(problem)
    assert row.ok, row
