"""Choosing problems by task, app and split from user-typed names, and one row per problem.

Users type ``--app hotel_reservation``, ``--app HotelReservation`` or ``--app
test-hotel-reservation``; all three name the same app. An unknown name raises `UnknownChoice`
listing the valid values, which the CLI prints as its one-line error.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel

from aoi.problems import App, Problem, Split, TaskType, all_problems, all_variants

__all__ = ["ProblemRow", "UnknownChoice", "problem_row", "select_problems"]

E = TypeVar("E", bound=Enum)


class UnknownChoice(ValueError):
    """A filter value that names no task, app or split."""


class ProblemRow(BaseModel):
    """What `aoi problems --json` prints for one problem."""

    id: str
    app: str
    task: str
    family: str
    split: str
    answer: dict[str, Any]

    @property
    def answer_text(self) -> str:
        """The answer in one short line: ``Yes``, ``mongodb-geo | geo``, ``Application / ...``."""
        if "services" in self.answer:
            return " | ".join(self.answer["services"])
        if "system_level" in self.answer:
            return f"{self.answer['system_level']} / {self.answer.get('fault_type')}"
        if "mitigated_state" in self.answer:
            return "cluster state check"
        return str(self.answer.get("has_anomaly", ""))


def problem_row(problem: Problem) -> ProblemRow:
    return ProblemRow(
        id=problem.id,
        app=problem.app.value,
        task=problem.task.value,
        family=problem.fault.family,
        split=problem.split.value,
        answer=problem.answer.model_dump(mode="json", exclude_defaults=True),
    )


def _choose(enum: type[E], text: str, what: str) -> E:
    def squash(value: str) -> str:
        return value.lower().replace("_", "").replace("-", "")

    for member in enum:
        names = {member.name, str(member.value), getattr(member, "namespace", "")} - {""}
        if squash(text) in {squash(name) for name in names}:
            return member
    valid = ", ".join(str(member.value) for member in enum)
    raise UnknownChoice(f"unknown {what} {text!r}; valid values: {valid}")


def select_problems(
    task: str | None = None, app: str | None = None, split: str | None = None, variants: bool = False
) -> list[Problem]:
    """Problems in registry order that match every filter given; with ``variants``, the matching
    problem variants (`aoi.problems.variants`) follow them."""
    wanted_task = _choose(TaskType, task, "task") if task else None
    wanted_app = _choose(App, app, "app") if app else None
    wanted_split = _choose(Split, split, "split") if split else None
    return [
        p
        for p in (*all_problems(), *(all_variants() if variants else ()))
        if (wanted_task is None or p.task is wanted_task)
        and (wanted_app is None or p.app is wanted_app)
        and (wanted_split is None or p.split is wanted_split)
    ]
