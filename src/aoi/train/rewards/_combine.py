"""Rewards by name, and weighted sums of them, for trainers and YAML configs.

Two ways to combine, both TRL-native:

* `build_rewards` gives ``reward_funcs`` and ``reward_weights`` for `GRPOConfig`; TRL then logs
  each function separately and sums them with the weights::

      funcs, weights = build_rewards({"outcome": 1.0, "format": 0.2})
      GRPOTrainer(..., reward_funcs=funcs, args=GRPOConfig(..., reward_weights=weights))

* `weighted` folds several into one function (one logged column), e.g. for a trainer that
  takes a single reward.

Names resolve through `REWARD_FUNCTIONS`; an unknown one raises `UnknownReward` listing them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from aoi.llm import ChatClient

from ._format import format_reward
from ._inputs import RewardFunc
from ._judge import JudgeReward
from ._outcome import VerifiedOutcomeReward
from ._return import EpisodeReturnReward

__all__ = ["REWARD_FUNCTIONS", "RewardBuilder", "UnknownReward", "WeightedReward", "build_reward",
           "build_rewards", "weighted"]

RewardBuilder = Callable[..., RewardFunc]
"""Builds one reward function from ``judge_client`` (a `ChatClient` or None) and the reward's own
keyword options; raises ValueError or TypeError for options it cannot use."""


class UnknownReward(LookupError):
    """A reward name that `REWARD_FUNCTIONS` does not hold."""


def _format(judge_client: ChatClient | None = None, **options: Any) -> RewardFunc:
    if options:
        raise TypeError(f"the 'format' reward takes no options, got {', '.join(sorted(options))}")
    return format_reward


def _outcome(judge_client: ChatClient | None = None, **options: Any) -> RewardFunc:
    return VerifiedOutcomeReward(**options)


def _judge(judge_client: ChatClient | None = None, **options: Any) -> RewardFunc:
    if judge_client is None:
        raise ValueError("the 'judge' reward needs a chat client: pass judge_client="
                         "OpenAICompatibleClient(base_url, model) (aoi.llm)")
    return JudgeReward(judge_client, **options)


def _return(judge_client: ChatClient | None = None, **options: Any) -> RewardFunc:
    if "policy" not in options:
        raise ValueError("the 'return' reward needs a continuation policy: policy='hf:PATH' (a model name)")
    return EpisodeReturnReward(**options)


#: reward name -> builder; the names trainers and YAML configs use.
REWARD_FUNCTIONS: Mapping[str, RewardBuilder] = MappingProxyType(
    {"format": _format, "outcome": _outcome, "return": _return, "judge": _judge}
)


def build_reward(name: str, *, judge_client: ChatClient | None = None, **options: Any) -> RewardFunc:
    """The reward function called ``name``, built with ``options``."""
    builder = REWARD_FUNCTIONS.get(name)
    if builder is None:
        raise UnknownReward(f"unknown reward {name!r}; expected one of {', '.join(REWARD_FUNCTIONS)}")
    return builder(judge_client, **options)


def build_rewards(spec: Mapping[str, float], *, judge_client: ChatClient | None = None,
                  **options: Mapping[str, Any]) -> tuple[list[RewardFunc], list[float]]:
    """``reward_funcs`` and ``reward_weights`` for TRL from ``{name: weight}``.

    ``options`` holds each reward's own options under its name, e.g.
    ``build_rewards({"judge": 1.0}, judge_client=client, judge={"max_workers": 4})``.
    """
    stray = sorted(set(options) - set(spec))
    if stray:
        raise ValueError(f"options for reward(s) not in the spec: {', '.join(stray)} (spec: {', '.join(spec)})")
    funcs = [build_reward(name, judge_client=judge_client, **options.get(name, {})) for name in spec]
    return funcs, [float(w) for w in spec.values()]


class WeightedReward:
    """One reward function: the weighted sum of several, leaving out those that return None
    for a completion (None when all do), as TRL sums ``reward_weights``.

    A callable class rather than a closure, so that it pickles whenever its parts do.
    """

    def __init__(self, parts: list[tuple[RewardFunc, float]], name: str | None = None) -> None:
        if not parts:
            raise ValueError("a weighted reward needs at least one (function, weight) pair")
        self.parts = parts
        self.__name__ = name or "weighted_" + "_".join(f.__name__ for f, _ in parts)

    def __call__(self, completions: list[Any], **kwargs: Any) -> list[float | None]:
        columns = [(f(completions, **kwargs), w) for f, w in self.parts]
        sums: list[float | None] = []
        for i in range(len(completions)):
            terms = [w * values[i] for values, w in columns if values[i] is not None]
            sums.append(sum(terms) if terms else None)
        return sums


def weighted(pairs: Mapping[str | RewardFunc, float], *, judge_client: ChatClient | None = None,
             name: str | None = None, **options: Mapping[str, Any]) -> RewardFunc:
    """One reward function summing ``pairs`` (functions, or names built like `build_rewards`)."""
    parts = [
        (build_reward(f, judge_client=judge_client, **options.get(f, {})) if isinstance(f, str) else f, float(w))
        for f, w in pairs.items()
    ]  # fmt: skip
    return WeightedReward(parts, name)
