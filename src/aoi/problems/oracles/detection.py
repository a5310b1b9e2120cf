"""Detection oracle: AIOpsLab's "Detection Accuracy" for a ``submit("Yes" | "No")`` answer.

A string is compared with ``strip().lower()`` against the expected answer; anything else (a list
from ``submit()`` or a keyword-only submit, None when nothing was submitted) is "Invalid Format".
The strict verdict is the same judgement, with a reason when it fails.
"""

from __future__ import annotations

from typing import Any

from ..models import Problem
from .verdict import Evaluation, StrictVerdict

__all__ = ["evaluate_detection"]


def evaluate_detection(problem: Problem, solution: Any) -> Evaluation:
    expected = problem.answer.has_anomaly
    assert expected is not None, problem.id
    if not isinstance(solution, str):
        verdict = "Invalid Format"
        reasons = [f"expected a string answer ({expected!r}), got {type(solution).__name__}: {solution!r}"]
    elif solution.strip().lower() == expected.lower():
        verdict, reasons = "Correct", []
    else:
        verdict = "Incorrect"
        reasons = [f"expected {expected!r}, got {solution!r}"]
    return Evaluation(results={"Detection Accuracy": verdict}, strict=StrictVerdict.from_reasons(reasons))
