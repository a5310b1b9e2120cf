"""How good a model's single decisions are at the expert's steps: the quantity step-level GRPO optimises.

`evaluate_model` runs whole episodes, where one early slip takes a small model off the expert's
path and every later decision is made from states it never trained on. `score_decisions` isolates
the decisions: for each sample row (a step of an expert trajectory, `aoi.train.samples`), the
model answers the row's prompt once and `VerifiedOutcomeReward` executes that answer on the twin
restored to the step. The mean reward, and the count of each outcome kind (``evidence``,
``correct``, ``wrong``, ``unparseable``...), say whether training made the decisions better,
even when episode success does not move.

    report = score_decisions(make_client("hf:runs/grpo", stop_on_json=True), rows, max_tokens=160)
    report.mean_reward, report.kinds  # 0.41, {"evidence": 84, "correct": 27, ...}
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aoi.llm import ChatClient, ChatMessage

from .rewards import Row, VerifiedOutcomeReward

__all__ = ["DecisionReport", "distinct_steps", "score_decisions"]


@dataclass
class DecisionReport:
    """The outcome of each scored decision; means overall and per task type."""

    rewards: list[float] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def mean_reward(self) -> float | None:
        return round(sum(self.rewards) / len(self.rewards), 4) if self.rewards else None

    def by_task(self) -> dict[str, float]:
        grouped: dict[str, list[float]] = defaultdict(list)
        for task, reward in zip(self.tasks, self.rewards, strict=True):
            grouped[task].append(reward)
        return {task: round(sum(values) / len(values), 4) for task, values in sorted(grouped.items())}

    def as_dict(self) -> dict[str, Any]:
        return {"mean_reward": self.mean_reward, "decisions": len(self.rewards), "by_task": self.by_task(),
                "kinds": dict(sorted(self.kinds.items()))}  # fmt: skip


def distinct_steps(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """``rows`` without the copies that balancing by task type adds (one per trajectory step)."""
    seen: set[tuple[Any, Any]] = set()
    kept = []
    for row in rows:
        key = (row["trajectory_id"], row["iteration"])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def score_decisions(
    client: ChatClient,
    rows: Iterable[Mapping[str, Any]],
    *,
    max_tokens: int = 384,
    temperature: float = 0.0,
    reward: VerifiedOutcomeReward | None = None,
    on_decision: Callable[[int, float], None] | None = None,
) -> DecisionReport:
    """One answer of ``client`` per row (greedy by default), each scored on the twin at the row's step.

    Rows the reward cannot replay (no problem, or a prefix with masked credentials) are skipped.
    """
    reward = reward or VerifiedOutcomeReward()
    report = DecisionReport()
    for index, row in enumerate(rows):
        messages = [ChatMessage(role=m["role"], content=m["content"]) for m in row["prompt"]]
        reply = client.complete(messages, max_tokens=max_tokens, temperature=temperature)
        outcome = reward.assess(reply.text, Row(dict(row)))
        if outcome is None:
            continue
        report.rewards.append(outcome.reward)
        report.tasks.append(str(row["task"]))
        report.kinds[outcome.kind] += 1
        if on_decision is not None:
            on_decision(index, outcome.reward)
    return report
