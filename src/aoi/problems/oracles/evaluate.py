"""The single entry point that scores a submission against a problem, whatever its task type."""

from __future__ import annotations

from typing import Any

from ..models import Problem, TaskType
from .analysis import evaluate_analysis
from .detection import evaluate_detection
from .localization import evaluate_localization
from .mitigation import evaluate_mitigation
from .reader import ClusterReader
from .verdict import Evaluation

__all__ = ["evaluate"]


def evaluate(problem: Problem, solution: Any, reader: ClusterReader | None = None) -> Evaluation:
    """Score `solution` the way AIOpsLab would, with AOI's strict verdict alongside.

    `solution` is what AIOpsLab stores for a submit: the single positional argument, the list of
    positional arguments when there are none or several, None when the agent never submitted.
    Mitigation ignores it and reads the cluster through `reader`, which it requires; the other task
    types never touch the cluster.
    """
    if problem.task is TaskType.DETECTION:
        return evaluate_detection(problem, solution)
    if problem.task is TaskType.LOCALIZATION:
        return evaluate_localization(problem, solution)
    if problem.task is TaskType.ANALYSIS:
        return evaluate_analysis(problem, solution)
    if reader is None:
        raise ValueError(f"{problem.id} is a mitigation problem: evaluate() needs a ClusterReader, got None")
    return evaluate_mitigation(problem, reader)
