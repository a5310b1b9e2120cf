"""Reading a pod's readiness the way controllers and kubectl do."""

from __future__ import annotations


def condition(pod: dict, ctype: str) -> str | None:
    for cond in (pod.get("status") or {}).get("conditions") or ():
        if cond.get("type") == ctype:
            return cond.get("status")
    return None


def is_ready(pod: dict) -> bool:
    return condition(pod, "Ready") == "True"


def is_available(pod: dict) -> bool:
    """Ready for at least minReadySeconds; every workload here uses the default of 0."""
    return is_ready(pod) and not pod["metadata"].get("deletionTimestamp")
