"""Running one parsed API call against a backend, with AIOpsLab's answers for every way it can fail.

AIOpsLab calls ``getattr(<Task>Actions, api)(*args, **kwargs)`` and hands the agent the text of
whatever goes wrong: ``Invalid action: <api>`` for an unknown name, Python's own `TypeError`
message for wrong arguments (``DetectionActions.submit() missing 1 required positional
argument: 'has_anomaly'``), any other exception's message. To reproduce those messages
byte for byte, every API has a stub with AIOpsLab's parameter names and qualified name; calling
the stub binds the arguments exactly as Python bound them there.

A valid `submit` answers `VALID_SUBMISSION`: AIOpsLab's ``SubmissionStatus.VALID_SUBMISSION``
stored in a ``str`` field of its pinned pydantic 2.11, which coerces the enum to its value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InvalidActionError
from .parser import ParsedAction
from .shell_guard import blocked_message

if TYPE_CHECKING:
    from .backend import Backend

__all__ = ["VALID_SUBMISSION", "ActionOutcome", "perform"]

VALID_SUBMISSION = "1"


@dataclass(frozen=True)
class ActionOutcome:
    """What one API call produced.

    ``observation`` is the text the agent receives. ``error`` is set when the call did not run
    as asked (unknown API, wrong arguments, blocked command, an exception); ``submitted`` when a
    valid submit ended the episode.
    """

    observation: str
    error: str | None = None
    submitted: bool = False

    @property
    def ran(self) -> bool:
        return self.error is None


def _qualified(qualname: str) -> Callable[[Callable], Callable]:
    def rename(stub: Callable) -> Callable:
        stub.__qualname__ = qualname
        return stub

    return rename


@_qualified("TaskActions.exec_shell")
def _exec_shell(command: Any, timeout: Any = 30) -> dict[str, Any]:
    # AIOpsLab accepts `timeout` but never forwards it; the twin has no wall-clock limit either.
    return {"command": command}


@_qualified("TaskActions.get_logs")
def _get_logs(namespace: Any, service: Any) -> dict[str, Any]:
    return {"namespace": namespace, "service": service}


@_qualified("TaskActions.get_metrics")
def _get_metrics(namespace: Any, duration: Any = 5) -> dict[str, Any]:
    return {"namespace": namespace, "duration": duration}


@_qualified("TaskActions.get_traces")
def _get_traces(namespace: Any, duration: Any = 5) -> dict[str, Any]:
    return {"namespace": namespace, "duration": duration}


@_qualified("TaskActions.read_metrics")
def _read_metrics(file_path: Any) -> dict[str, Any]:
    return {"file_path": file_path}


@_qualified("TaskActions.read_traces")
def _read_traces(file_path: Any) -> dict[str, Any]:
    return {"file_path": file_path}


@_qualified("DetectionActions.submit")
def _submit_detection(has_anomaly: Any) -> dict[str, Any]:
    return {}


@_qualified("LocalizationActions.submit")
def _submit_localization(faulty_components: Any) -> dict[str, Any]:
    return {}


@_qualified("AnalysisActions.submit")
def _submit_analysis(analysis: Any) -> dict[str, Any]:
    return {}


@_qualified("MitigationActions.submit")
def _submit_mitigation() -> dict[str, Any]:
    return {}


_SHARED = {
    "exec_shell": _exec_shell,
    "get_logs": _get_logs,
    "get_metrics": _get_metrics,
    "get_traces": _get_traces,
    "read_metrics": _read_metrics,
    "read_traces": _read_traces,
}
_SUBMIT = {
    "detection": _submit_detection,
    "localization": _submit_localization,
    "analysis": _submit_analysis,
    "mitigation": _submit_mitigation,
}


def perform(backend: Backend, task: str, action: ParsedAction) -> ActionOutcome:
    """Run ``action`` for a task of type ``task`` (a `TaskType` value) against ``backend``."""
    stub = _SUBMIT[task] if action.api == "submit" else _SHARED.get(action.api)
    if stub is None:
        message = str(InvalidActionError(action.api))
        return ActionOutcome(message, error=message)
    try:
        bound = stub(*action.args, **action.kwargs)
    except TypeError as exc:
        return ActionOutcome(str(exc), error=str(exc))
    if action.api == "submit":
        return ActionOutcome(VALID_SUBMISSION, submitted=True)
    if action.api == "exec_shell" and isinstance(bound["command"], str):
        refusal = blocked_message(bound["command"])
        if refusal is not None:
            return ActionOutcome(refusal, error=refusal)
    try:
        text = getattr(backend, action.api)(**bound)
    except Exception as exc:  # AIOpsLab returns any action's exception text to the agent as-is
        return ActionOutcome(str(exc), error=str(exc))
    return ActionOutcome(text)
