"""Pod and deployment health as AIOpsLab's mitigation oracles judge it, and as AOI's strict mode does.

AIOpsLab repeats one loop in most mitigation `eval`s: for every pod and every container status,
a container fails if it waits in a crash reason, is terminated with a reason other than
``Completed``, or is not ready (an ``if/elif`` chain, so a ``Completed`` container that is not
ready still fails). Some problems first skip pods without container statuses ("guarded"); the
others iterate ``pod.status.container_statuses`` unguarded, which raises ``TypeError`` on an
unscheduled Pending pod. `OracleError` carries that text so the caller can record it.

The strict checks count a pod without container statuses as unhealthy (it is Pending or
unscheduled), accept finished pods (phase ``Succeeded``), and require every Deployment to have all
its replicas available.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "CRASH_REASONS",
    "IMAGE_AND_CRASH_REASONS",
    "OracleError",
    "aiopslab_unhealthy",
    "all_pods_ready",
    "name_of",
    "strict_unhealthy_deployments",
    "strict_unhealthy_pods",
]

#: The waiting reason the common AIOpsLab loop names.
CRASH_REASONS = frozenset({"CrashLoopBackOff"})
#: The waiting reasons wrong_bin_usage's (and misconfig_app's helper) loop names.
IMAGE_AND_CRASH_REASONS = frozenset({"CrashLoopBackOff", "Error", "ImagePullBackOff", "ErrImagePull"})


class OracleError(Exception):
    """AIOpsLab's own `eval` would raise here; the message is what it would raise, with context."""


def name_of(obj: dict) -> str:
    return str(obj.get("metadata", {}).get("name", "?"))


def _statuses(pod: dict) -> list[dict] | None:
    return (pod.get("status") or {}).get("containerStatuses")


def _container_defect(status: dict, bad_waiting: frozenset[str]) -> str | None:
    """AIOpsLab's if/elif chain for one container status; None when the container passes."""
    state = status.get("state") or {}
    waiting, terminated = state.get("waiting"), state.get("terminated")
    if waiting and waiting.get("reason") in bad_waiting:
        return f"is waiting in {waiting.get('reason')}"
    if terminated and terminated.get("reason") != "Completed":
        return f"is terminated with reason {terminated.get('reason')}"
    if not status.get("ready"):
        return "is not ready"
    return None


def _container_defects(pod: dict, statuses: list[dict], bad_waiting: frozenset[str]) -> list[str]:
    found = []
    for status in statuses:
        defect = _container_defect(status, bad_waiting)
        if defect:
            found.append(f"pod {name_of(pod)}: container {status.get('name', '?')} {defect}")
    return found


def aiopslab_unhealthy(
    pods: Iterable[dict], *, guarded: bool, bad_waiting: frozenset[str] = CRASH_REASONS
) -> list[str]:
    """Defects AIOpsLab's loop finds; raises `OracleError` where the unguarded loop would crash."""
    found: list[str] = []
    for pod in pods:
        statuses = _statuses(pod)
        if guarded and not statuses:
            continue
        if statuses is None:
            raise OracleError(
                f"TypeError: 'NoneType' object is not iterable (pod {name_of(pod)} has no container statuses)"
            )
        found += _container_defects(pod, statuses, bad_waiting)
    return found


def all_pods_ready(pods: list[dict]) -> bool:
    """AIOpsLab's wait_for_ready test: some pods exist, each Succeeded or with every container ready."""

    def ready(pod: dict) -> bool:
        if (pod.get("status") or {}).get("phase") == "Succeeded":
            return True
        statuses = _statuses(pod)
        return bool(statuses) and all(status.get("ready") for status in statuses)

    return bool(pods) and all(ready(pod) for pod in pods)


def strict_unhealthy_pods(pods: Iterable[dict]) -> list[str]:
    """Defects the strict mode finds: AIOpsLab's, plus pods that have no running containers at all."""
    found: list[str] = []
    for pod in pods:
        phase = (pod.get("status") or {}).get("phase") or "Unknown"
        if phase == "Succeeded":
            continue
        if phase == "Failed":
            found.append(f"pod {name_of(pod)} has failed")
            continue
        statuses = _statuses(pod)
        if not statuses:
            found.append(
                f"pod {name_of(pod)} is {phase} with no container statuses (not scheduled or not started)"
            )
            continue
        found += _container_defects(pod, statuses, IMAGE_AND_CRASH_REASONS)
    return found


def strict_unhealthy_deployments(deployments: Iterable[dict]) -> list[str]:
    """Deployments whose available replicas differ from the desired count (absent counts: 1 and 0)."""
    found = []
    for deployment in deployments:
        desired = (deployment.get("spec") or {}).get("replicas", 1)
        available = (deployment.get("status") or {}).get("availableReplicas") or 0
        if available != desired:
            found.append(f"deployment {name_of(deployment)} has {available}/{desired} replicas available")
    return found
