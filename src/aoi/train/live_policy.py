"""`LivePolicy`: the model GRPO is training, as the policy that finishes an `EpisodeReturnReward`'s episodes.

`EpisodeReturnReward` values a decision by letting a continuation policy finish the episode. A
fixed continuation (the warm start) can be exploited: a decision that hands the step on ("probe")
is worth whatever the warm start later achieves, so on its own states a tiny model learnt to
defer every answer, and at evaluation, where it had to answer itself, it never did. With the
model being trained as the continuation, deferring is worth what this policy will do next: the
reward is the on-policy Monte Carlo return of the decision.

A `transformers.TrainerCallback` and an `ObserverFactory` in one: the trainer hands it the model
(``on_train_begin``), each episode gets a greedy LLM Observer on that model's current weights
(`aoi.llm.HuggingFaceClient.in_memory`), and ``version`` counts optimiser steps, so the reward
does not reuse values of older weights. Before training starts (screening the prompts), the
continuation is the starting model loaded from ``start``, which is the same policy.

    live = LivePolicy("hf:runs/sft", max_tokens=160)
    reward = EpisodeReturnReward(live, max_iterations=8)
    trainer.add_callback(live)   # `aoi.train.grpo` does this for grpo.reward_options.return.policy: live
"""

from __future__ import annotations

from typing import Any

from transformers import TrainerCallback

from aoi.agents.llm_observer import LLMObserver, LLMObserverConfig, build_llm_observer

__all__ = ["LivePolicy"]


class LivePolicy(TrainerCallback):
    """The continuation Observer on the weights being trained (module docstring)."""

    def __init__(self, start: str, *, max_tokens: int = 160, temperature: float = 0.0) -> None:
        self.start = start  # the starting model's name (hf:PATH), used until the trainer starts
        self.config = LLMObserverConfig(max_tokens=max_tokens, temperature=temperature, reasks=0)
        self.version = 0
        self._model: Any = None
        self._tokenizer: Any = None

    def __call__(self, seed: int) -> LLMObserver:
        if self._model is None:
            return build_llm_observer(model=self.start, config=self.config, seed=seed)
        from aoi.llm import HuggingFaceClient

        client = HuggingFaceClient.in_memory(self._model, self._tokenizer, name=f"{self.start} (training)",
                                             seed=seed, stop_on_json=True)  # fmt: skip
        return build_llm_observer(model=client, config=self.config, seed=seed)

    def on_train_begin(self, args: Any, state: Any, control: Any, model: Any = None,
                       processing_class: Any = None, **kwargs: Any) -> None:
        if model is None or processing_class is None:
            raise ValueError("LivePolicy needs the trainer's model and tokenizer (processing_class)")
        self._model, self._tokenizer = model, processing_class
        self.version += 1

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self.version += 1
