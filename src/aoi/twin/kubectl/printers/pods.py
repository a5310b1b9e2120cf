"""The pod row of ``kubectl get pods``: READY, STATUS and RESTARTS computed as kubectl does.

STATUS starts from the phase (or ``status.reason``), is overridden by the first init container
that has not succeeded (``Init:<reason>``, ``Init:ExitCode:N``, ``Init:i/n``), then by the
regular containers from last to first (a waiting reason, a terminated reason, ``ExitCode:N``),
and finally by ``Terminating`` for a pod being deleted. RESTARTS adds ``(<age> ago)`` from the
latest ``lastState.terminated.finishedAt``.
"""

from __future__ import annotations

from ...clock import human_duration
from ..timefmt import age, seconds

__all__ = ["pod_cells", "pod_wide_cells"]

_TERMINAL = ("Succeeded", "Failed")


def _terminated_reason(term: dict, prefix: str = "") -> str:
    if term.get("reason"):
        return prefix + term["reason"]
    if term.get("signal"):
        return f"{prefix}Signal:{term['signal']}"
    return f"{prefix}ExitCode:{term.get('exitCode', 0)}"


def _last_finish(cstatus: dict, latest: float | None) -> float | None:
    term = (cstatus.get("lastState") or {}).get("terminated")
    if term and term.get("finishedAt"):
        finished = seconds(term["finishedAt"])
        if latest is None or finished > latest:
            return finished
    return latest


def _init_status(pod: dict, status: dict, reason: str) -> tuple[str, bool, int, float | None]:
    """(reason, initializing, restarts, last restart) after the init containers."""
    restarts, latest = 0, None
    init_specs = pod["spec"].get("initContainers") or ()
    for i, cstatus in enumerate(status.get("initContainerStatuses") or ()):
        restarts += cstatus.get("restartCount", 0)
        latest = _last_finish(cstatus, latest)
        state = cstatus.get("state") or {}
        term, waiting = state.get("terminated"), state.get("waiting")
        if term is not None and term.get("exitCode", 0) == 0:
            continue
        if term is not None:
            return _terminated_reason(term, "Init:"), True, restarts, latest
        if waiting and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            return "Init:" + waiting["reason"], True, restarts, latest
        return f"Init:{i}/{len(init_specs)}", True, restarts, latest
    return reason, False, restarts, latest


def pod_cells(pod: dict, now: float) -> list[str]:
    """NAME READY STATUS RESTARTS AGE."""
    meta, status = pod["metadata"], pod.get("status") or {}
    reason = status.get("reason") or status.get("phase") or ""
    reason, initializing, restarts, latest = _init_status(pod, status, reason)
    ready = 0
    if not initializing or _condition_true(status, "Initialized"):
        restarts, latest = 0, None
        running = False
        for cstatus in reversed(status.get("containerStatuses") or ()):
            restarts += cstatus.get("restartCount", 0)
            latest = _last_finish(cstatus, latest)
            state = cstatus.get("state") or {}
            waiting, term = state.get("waiting"), state.get("terminated")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif term is not None:
                reason = _terminated_reason(term)
            elif cstatus.get("ready") and state.get("running") is not None:
                running = True
                ready += 1
        if reason == "Completed" and running:
            reason = "Running" if _condition_true(status, "Ready") else "NotReady"
    if meta.get("deletionTimestamp"):
        if status.get("reason") == "NodeLost":
            reason = "Unknown"
        elif status.get("phase") not in _TERMINAL:
            reason = "Terminating"
    restart_text = str(restarts)
    if restarts and latest is not None:
        restart_text = f"{restarts} ({human_duration(now - latest)} ago)"
    total = len(pod["spec"].get("containers") or ())
    return [meta["name"], f"{ready}/{total}", reason, restart_text, age(meta.get("creationTimestamp"), now)]


def _condition_true(status: dict, ctype: str) -> bool:
    return any(c.get("type") == ctype and c.get("status") == "True" for c in status.get("conditions") or ())


def pod_wide_cells(pod: dict, now: float) -> list[str]:
    """IP NODE NOMINATED NODE READINESS GATES."""
    status = pod.get("status") or {}
    ips = status.get("podIPs") or ()
    ip = (ips[0].get("ip") if ips else status.get("podIP")) or "<none>"
    gates = pod["spec"].get("readinessGates") or ()
    gates_text = "<none>"
    if gates:
        conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or ()}
        passed = sum(1 for g in gates if conditions.get(g.get("conditionType")) == "True")
        gates_text = f"{passed}/{len(gates)}"
    return [ip, pod["spec"].get("nodeName") or "<none>", status.get("nominatedNodeName") or "<none>", gates_text]
