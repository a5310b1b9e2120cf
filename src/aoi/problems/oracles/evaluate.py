"""The single entry point that scores a submission against a problem, whatever its task type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Problem, TaskType
from .analysis import evaluate_analysis
from .detection import evaluate_detection
from .localization import evaluate_localization
from .mitigation import evaluate_mitigation
from .reader import ClusterReader
from .verdict import Evaluation, StrictVerdict

if TYPE_CHECKING:
    from ..incident import Incident

__all__ = ["NOT_SCORED", "evaluate", "unscored"]

NOT_SCORED = "a live incident has no answer key; the submission is reported, not scored"


def evaluate(problem: Problem | Incident, solution: Any, reader: ClusterReader | None = None) -> Evaluation:
    """Score `solution` the way AIOpsLab would, with AOI's strict verdict alongside.

    `solution` is what AIOpsLab stores for a submit: the single positional argument, the list of
    positional arguments when there are none or several, None when the agent never submitted.
    Mitigation ignores it and reads the cluster through `reader`, which it requires; the other task
    types never touch the cluster. A problem without an answer key (an `Incident`) is `unscored`.
    """
    if problem.answer is None:
        return unscored(solution)
    if problem.task is TaskType.DETECTION:
        return evaluate_detection(problem, solution)
    if problem.task is TaskType.LOCALIZATION:
        return evaluate_localization(problem, solution)
    if problem.task is TaskType.ANALYSIS:
        return evaluate_analysis(problem, solution)
    if reader is None:
        raise ValueError(f"{problem.id} is a mitigation problem: evaluate() needs a ClusterReader, got None")
    return evaluate_mitigation(problem, reader)


def unscored(solution: Any) -> Evaluation:
    """What an incident's submission gets: ``scored`` False and the submission as given."""
    return Evaluation(results={"scored": False, "submission": solution},
                      strict=StrictVerdict(success=False, reasons=[NOT_SCORED]))
