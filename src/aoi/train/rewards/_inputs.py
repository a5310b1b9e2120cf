"""What every reward reads from TRL's call: completion text, one row per completion, a decision.

TRL calls a reward function as ``f(prompts=..., completions=..., completion_ids=...,
trainer_state=..., log_extra=..., log_metric=..., **columns)``, where every dataset column other
than ``prompt`` and ``completion`` arrives as a list with one value per completion (the group's
rows repeated). A completion is a string (standard format) or a list of messages
(conversational format, ``[{"role": "assistant", "content": ...}]``). This module turns that
into `Row`s and decision text, so the rewards share one reading of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from aoi.agents.contracts import ObserverContext, ObserverDecision, iteration_line
from aoi.agents.llm_observer import parse_decision

__all__ = ["RewardFunc", "Row", "completion_text", "context_of", "decision_of", "prompt_text", "rows_of"]


class RewardFunc(Protocol):
    """A TRL reward function: ``(completions, **kwargs) -> list[float | None]`` with a ``__name__``.

    It receives TRL's keywords (``prompts``, ``completions``, ``completion_ids``,
    ``trainer_state``, ``log_extra``, ``log_metric``) and every dataset column as a list aligned
    with ``completions``, and returns one reward per completion, None where it does not apply
    (TRL then leaves that function out of the sample's weighted sum). TRL logs it under
    ``__name__`` (``rewards/<name>/mean``).
    """

    __name__: str

    def __call__(self, completions: list[Any], **kwargs: Any) -> list[float | None]: ...


# Iterations an episode allows the Observer (aoi-paper.md §3.1: at most 15); rows without an
# ``iteration`` column are read as a first iteration.
_MAX_ITERATIONS = 15


@dataclass(frozen=True)
class Row:
    """The dataset columns of one completion (see `aoi.train.samples` for the schema)."""

    columns: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.columns.get(name, default)
        return default if value is None else value

    @property
    def task(self) -> str:
        return str(self.get("task", ""))

    @property
    def namespace(self) -> str:
        return str(self.get("namespace", ""))

    @property
    def iteration(self) -> int:
        return int(self.get("iteration", 1))

    @property
    def last_iteration(self) -> bool:
        """Whether the prompt (TRL's ``prompts``) tells the Observer this is its episode's last iteration."""
        where = iteration_line(prompt_text(self.get("prompts", "")))
        return where is not None and where[0] >= where[1]


def rows_of(count: int, columns: Mapping[str, Any]) -> list[Row]:
    """One `Row` per completion from TRL's keyword arguments.

    Only lists as long as the batch are columns, so TRL's own extras (``trainer_state``, the
    ``log_*`` callables) are left out. A column a row lacks reads as None (`Row.get`).
    """
    per_row = {k: v for k, v in columns.items() if isinstance(v, list | tuple) and len(v) == count}
    return [Row({k: v[i] for k, v in per_row.items()}) for i in range(count)]


def _content(message: Any) -> str:
    content = message.get("content") if isinstance(message, Mapping) else getattr(message, "content", message)
    if isinstance(content, list):  # content parts: [{"type": "text", "text": ...}, ...]
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
    return "" if content is None else str(content)


def completion_text(completion: Any) -> str:
    """The model's reply: the string itself, or the last assistant message's content."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Sequence):
        replies = [m for m in completion if _role(m) == "assistant"] or list(completion)
        return _content(replies[-1]) if replies else ""
    return _content(completion)


def prompt_text(prompt: Any) -> str:
    """The prompt as the model read it: the string, or the last user message's content."""
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, Sequence):
        users = [m for m in prompt if _role(m) == "user"] or list(prompt)
        return _content(users[-1]) if users else ""
    return _content(prompt)


def _role(message: Any) -> str | None:
    return message.get("role") if isinstance(message, Mapping) else getattr(message, "role", None)


def context_of(row: Row) -> ObserverContext:
    """The parts of the step's `ObserverContext` that decide whether a decision is valid
    (task type and namespace, which `parse_decision` reads); the texts are not needed for that."""
    return ObserverContext(
        task_description="", instructions="", task=row.task, namespace=row.namespace,
        iteration=row.iteration, max_iterations=max(_MAX_ITERATIONS, row.iteration),
    )  # fmt: skip


def decision_of(text: str, row: Row) -> ObserverDecision:
    """The decision in ``text`` as the LLM Observer would read it; raises `DecisionError`."""
    return parse_decision(text, context_of(row))

