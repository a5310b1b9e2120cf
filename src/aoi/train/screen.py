"""Which GRPO prompts can teach anything: those where the policy's own samples disagree on the reward.

GRPO learns from the spread of rewards inside a group of samples: a prompt whose ``group``
samples all earn the same reward has zero advantage everywhere and contributes no gradient, only
the cost of generating and back-propagating it. A model warm-started by SFT is peaked, so most
prompts are like that (a tiny SFT model at temperature 1: 99 of 192 expert steps gave four equal
rewards). `screen_prompts` asks the policy for ``group`` answers to each prompt before training
and keeps the prompts whose rewards differ: DAPO's dynamic sampling, done once up front, since
TRL cannot drop a group once it is generated.

    funcs, weights = build_rewards({"outcome": 1.0, "format": 0.1})
    screened = screen_with_model(rows, "hf:runs/sft", funcs, weights, group=4, temperature=1.0)
    rows.select(screened.kept)  # the rows GRPO can learn from now

`screen_prompts` takes any `ChatClient` and one reward function; `screen_with_model` makes the
in-process client of a model and weighs the reward functions as TRL does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aoi.llm import ChatClient, ChatMessage, make_client

from .rewards import RewardFunc, WeightedReward

__all__ = ["ScreenResult", "screen_prompts", "screen_with_model"]

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


def screen_with_model(
    rows: Sequence[Mapping[str, Any]],
    model: str,
    funcs: Sequence[RewardFunc],
    weights: Sequence[float] | None = None,
    *,
    seed: int = 0,
    group: int = 4,
    temperature: float = 1.0,
    top_p: float | None = None,
    min_p: float | None = None,
    max_tokens: int = 160,
    on_row: Callable[[int, bool], None] | None = None,
) -> ScreenResult:
    """`screen_prompts` with ``model`` (``hf:PATH``) sampling from ``seed`` as GRPO will (``temperature``,
    ``top_p``, ``min_p``) and the reward functions summed with ``weights`` (1 each by default), as
    TRL's ``reward_weights`` sum them."""
    reward = WeightedReward(list(zip(funcs, weights or [1.0] * len(funcs), strict=True)))
    with make_client(model, seed=seed, top_p=top_p, min_p=min_p) as client:
        return screen_prompts(rows, client, reward, group=group, temperature=temperature, max_tokens=max_tokens,
                              on_row=on_row)  # fmt: skip
