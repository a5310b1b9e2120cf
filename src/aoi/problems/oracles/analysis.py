"""Analysis (root-cause) oracle: AIOpsLab's two-field comparison of a submitted dict.

``system_level`` and ``fault_type`` are each compared with ``strip().lower()``; a missing field
counts as ``""``. A non-dict solution makes all three keys False. A field that is present but not
a string would make AIOpsLab's eval raise (``.strip()`` on it); here it scores False and the error
text is kept under ``oracle_error``.
"""

from __future__ import annotations

from typing import Any

from ..models import Problem
from .verdict import Evaluation, StrictVerdict

__all__ = ["evaluate_analysis"]

_FIELDS = ("system_level", "fault_type")


def evaluate_analysis(problem: Problem, solution: Any) -> Evaluation:
    expected = {"system_level": problem.answer.system_level, "fault_type": problem.answer.fault_type}
    if not isinstance(solution, dict):
        results = {"system_level_correct": False, "fault_type_correct": False, "success": False}
        reason = f"expected a dict with keys system_level and fault_type, got {type(solution).__name__}"
        return Evaluation(results=results, strict=StrictVerdict.from_reasons([reason]))

    results: dict[str, Any] = {}
    reasons: list[str] = []
    errors: list[str] = []
    for name in _FIELDS:
        want = expected[name]
        assert want is not None, problem.id
        got = solution.get(name, "")
        if not isinstance(got, str):
            errors.append(f"AttributeError: '{type(got).__name__}' object has no attribute 'strip'")
            correct = False
        else:
            correct = got.strip().lower() == want.strip().lower()
        results[f"{name}_correct"] = correct
        if not correct:
            reasons.append(f"{name}: expected {want!r}, got {got!r}")
    results["success"] = all(results[f"{name}_correct"] for name in _FIELDS)
    if errors:
        results["oracle_error"] = errors[0]
    return Evaluation(results=results, strict=StrictVerdict.from_reasons(reasons))
