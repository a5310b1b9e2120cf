"""From findings to an answer in the task's submit format, or to a fix order.

The finding with the lowest priority number is the root cause. Detection answers "Yes" exactly
when a finding exists (a healthy namespace yields none, so noop problems get "No");
localization names its service; analysis gives its RCA labels; mitigation turns its fix template
into an `ExecutorOrder` whose verify reads show whether the namespace became healthy. A finding
adopted from guidance carries its submission per task (``means``), which then wins.
"""

from __future__ import annotations

from typing import Any

from aoi.agents.contracts import ExecutorOrder

from .notes import Finding, Notes

__all__ = ["answer", "fix_order", "root_cause", "verify_commands"]


def root_cause(notes: Notes) -> Finding | None:
    """The most specific finding (lowest priority, then name for determinism)."""
    if not notes.findings:
        return None
    return min(notes.findings.values(), key=lambda f: (f.priority, f.rule, f.service))


def answer(task: str, cause: Finding | None) -> Any:
    """The submit argument for ``task`` (detection, localization, analysis)."""
    if cause is not None and cause.means and task in cause.means:
        return cause.means[task]
    if task == "detection":
        return "Yes" if cause else "No"
    if task == "localization":
        return [cause.service] if cause and cause.service else []
    if cause is None:
        return None
    return {"system_level": cause.system_level, "fault_type": cause.fault_type}


def verify_commands(namespace: str) -> tuple[str, ...]:
    if namespace == "docker":
        return ("docker ps -a",)
    return (f"kubectl get pods -n {namespace}", f"kubectl get deploy -n {namespace}")


def fix_order(notes: Notes, cause: Finding) -> ExecutorOrder:
    """The fix template of ``cause`` as an order; every command names the namespace or the object."""
    return ExecutorOrder(
        namespace=notes.namespace,
        target=cause.service or notes.namespace,
        intent=f"fix {cause.rule}: {cause.detail}",
        commands=cause.fix,
        verify=tuple(dict.fromkeys((*cause.verify, *verify_commands(notes.namespace)))),
    )
