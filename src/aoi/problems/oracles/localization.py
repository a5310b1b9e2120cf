"""Localization oracle: AIOpsLab's exact-match / subset scoring of a submitted list of services.

AIOpsLab's rules, reproduced literally:

* exact match: a bare string is first wrapped in a one-element list, then compared with ``==``
  against ``[name]`` (order- and case-sensitive);
* subset: ``{name} <= set(solution)`` (so a bare string is a set of characters and never matches);
* "Localization Accuracy": 100.0 on exact match, ``100 / len(solution)`` on subset, else 0.0;
* ``success``: exact match, or subset with ``len(solution) == 1``; ``is_subset`` is stored too;
* None (never submitted): accuracy 0.0, success and is_subset False.

Several accepted names (``mongodb-geo`` or ``geo`` for the MongoDB auth faults) are tried in turn.
A solution `set()` cannot take (an int, a list holding a list) would make AIOpsLab's eval raise; it
scores 0.0 with the error text under ``oracle_error``.
Strict scoring wants exactly one name, and it must be an accepted one.
"""

from __future__ import annotations

from typing import Any

from ..models import Problem
from .verdict import Evaluation, StrictVerdict

__all__ = ["evaluate_localization"]


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _strict_reasons(accepted: tuple[str, ...], solution: Any) -> list[str]:
    names = [solution] if isinstance(solution, str) else solution
    if not isinstance(names, list):
        return [f"expected a list of service names, got {type(solution).__name__}: {solution!r}"]
    if len(names) != 1:
        return [f"expected exactly one service name, got {len(names)}: {names!r}"]
    if names[0] not in accepted:
        return [f"{names[0]!r} is not the faulty service (accepted: {', '.join(accepted)})"]
    return []


def evaluate_localization(problem: Problem, solution: Any) -> Evaluation:
    accepted = problem.answer.services
    strict = StrictVerdict.from_reasons(_strict_reasons(accepted, solution))
    if solution is None:
        results = {"Localization Accuracy": 0.0, "success": False, "is_subset": False}
        return Evaluation(results=results, strict=strict)

    is_exact = any(_as_list(solution) == [name] for name in accepted)
    try:
        is_sub = any({name} <= set(solution) for name in accepted)
    except TypeError as error:
        # is_exact cannot hold here: a solution equal to [name] or name is always set()-able.
        results = {
            "Localization Accuracy": 0.0,
            "success": False,
            "is_subset": False,
            "oracle_error": f"TypeError: {error}",
        }
        return Evaluation(results=results, strict=strict)

    if is_exact:
        accuracy = 100.0
    elif is_sub:
        accuracy = 1 / len(solution) * 100.0
    else:
        accuracy = 0.0
    results = {
        "Localization Accuracy": accuracy,
        "success": is_exact or (is_sub and len(solution) == 1),
        "is_subset": is_sub,
    }
    return Evaluation(results=results, strict=strict)
