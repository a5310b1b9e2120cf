"""Which GRPO prompts can teach anything: those where the policy's own samples disagree on the reward.

GRPO learns from the spread of rewards inside a group of samples: a prompt whose ``group``
samples all earn the same reward has zero advantage everywhere and contributes no gradient, only
the cost of generating and back-propagating it. A model warm-started by SFT is peaked, so most
prompts are like that (a tiny SFT model at temperature 1: 99 of 192 expert steps gave four equal
rewards). `screen_prompts` asks the policy for ``group`` answers to each prompt before training
and keeps the prompts whose rewards differ: DAPO's dynamic sampling, done once up front, since
TRL cannot drop a group once it is generated.

    client = make_client("hf:runs/sft", seed=0)
    reward = WeightedReward([(VerifiedOutcomeReward(), 1.0), (format_reward, 0.1)])
    screened = screen_prompts(rows, client, reward, group=4, temperature=1.0, max_tokens=160)
    rows.select(screened.kept)  # the rows GRPO can learn from now
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aoi.llm import ChatClient, ChatMessage

from .rewards import RewardFunc

__all__ = ["ScreenResult", "screen_prompts"]

_NOT_COLUMNS = ("prompt", "completion")


@dataclass
class ScreenResult:
    """The indices of the rows kept (their rewards differed), and every row's group of rewards."""

    kept: list[int] = field(default_factory=list)
    rewards: list[list[float | None]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"screened": len(self.rewards), "kept": len(self.kept)}


def screen_prompts(
    rows: Sequence[Mapping[str, Any]],
    client: ChatClient,
    reward: RewardFunc,
    *,
    group: int = 4,
    temperature: float = 1.0,
    max_tokens: int = 160,
    on_row: Callable[[int, bool], None] | None = None,
) -> ScreenResult:
    """``group`` sampled answers of ``client`` to each row's prompt, scored by ``reward`` as TRL would
    (completions as assistant messages, the row's columns repeated once per answer); a row is kept
    when its rewards are not all equal.
    ``on_row(index, kept)`` follows the progress."""
    if group < 2:
        raise ValueError(f"group must be at least 2 (a spread needs two samples), got {group}")
    result = ScreenResult()
    for index, row in enumerate(rows):
        messages = [ChatMessage(role=m["role"], content=m["content"]) for m in row["prompt"]]
        texts = [client.complete(messages, max_tokens=max_tokens, temperature=temperature).text for _ in range(group)]
        # As TRL hands them over: a conversational prompt's completions are assistant messages.
        completions = [[{"role": "assistant", "content": t}] for t in texts] if not isinstance(row["prompt"], str) \
            else texts
        columns = {name: [value] * group for name, value in row.items() if name not in _NOT_COLUMNS}
        rewards = reward(completions, prompts=[row["prompt"]] * group, **columns)
        result.rewards.append(rewards)
        kept = len({None if r is None else round(r, 6) for r in rewards}) > 1
        if kept:
            result.kept.append(index)
        if on_row is not None:
            on_row(index, kept)
    return result
