"""`train_grpo`: Group Relative Policy Optimisation of the Observer, step-level or multi-turn, with LoRA.

Two modes (``grpo.mode``), one trainer (TRL's `GRPOTrainer`):

* ``step`` (the paper's, aoi-paper.md §4.1): each row is one Observer decision point (the
  sample schema of `aoi.train.data`); the policy writes ``num_generations`` decisions for its
  prompt and the reward functions of `aoi.train.rewards` score them, weighted by
  ``grpo.rewards`` (TRL's ``reward_weights``). Rows whose prompt is longer than
  ``grpo.max_prompt_length`` tokens are dropped (TRL no longer truncates prompts).
* ``multiturn``: each row is one (problem, seed) of `aoi.train.multiturn_data`; the twin is the
  environment (`TwinEnvironment` through ``environment_factory``), the policy investigates and
  repairs with tool calls behind the safety gates, and the oracle's verdict is the reward.

Generation uses vLLM (``colocate``, sharing the training GPUs) when `uses_vllm` says so, and
``model.generate`` otherwise. ``model`` may be a PEFT adapter directory (the SFT warm start):
that adapter goes on training. `aoi.train.runner` resumes, saves and summarises.

    config = load_config("configs/train/grpo.yaml", {"model": "runs/sft"})
    adapter_dir = train_grpo(config)
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from .arguments import require_train_extra, trainer_config, uses_vllm
from .config import LIVE_POLICY, ConfigError, TrainConfig
from .environment import TwinEnvironment
from .multiturn_data import build_multiturn_dataset
from .policy import load_policy
from .runner import run_trainer, training_dataset

__all__ = ["RewardFunc", "fit_prompts", "train_grpo"]

_log = logging.getLogger(__name__)

RewardFunc = Callable[..., list[float | None]]
"""TRL's reward contract: ``(completions, **columns) -> one float (or None: not applicable) per completion``."""


def train_grpo(config: TrainConfig, dataset: Any | None = None, *,
               reward_funcs: Sequence[RewardFunc] | None = None, callbacks: Sequence[Any] = ()) -> Path:
    """Train ``config.model`` with GRPO in ``config.grpo.mode``; return the output directory.

    ``dataset`` replaces the configured data (step: ``config.dataset``; multiturn: the episodes
    of ``config.multiturn``). ``reward_funcs`` replace the configured rewards (weight 1 each); in
    multiturn mode they are added to the oracle's reward.
    """
    require_train_extra()
    from trl import GRPOConfig, GRPOTrainer

    multiturn = config.grpo.mode == "multiturn"
    funcs, weights, helpers = ([*reward_funcs], None, []) if reward_funcs is not None else _configured_rewards(config)
    args = trainer_config(GRPOConfig, config, **_grpo_arguments(config), reward_weights=weights)
    policy = load_policy(config.model, config.lora, bf16=args.bf16, padding_side="left")
    if multiturn:
        rows = dataset if dataset is not None else build_multiturn_dataset(config.multiturn)
    else:
        rows = dataset if dataset is not None else training_dataset(config)
        rows = fit_prompts(rows, policy.tokenizer, config.grpo.max_prompt_length, config.grpo.chat_template_kwargs)
        if config.grpo.screen:
            rows = screened(rows, config, funcs, weights)
    _check_enough_prompts(len(rows), args)
    with warnings.catch_warnings():
        # TRL warns on every run that environment_factory is experimental; the pinned version is tested here.
        warnings.filterwarnings("ignore", message="You are using 'environment_factory'", category=UserWarning)
        trainer = GRPOTrainer(
            model=policy.model, reward_funcs=funcs or None, args=args, train_dataset=rows,
            processing_class=policy.tokenizer, peft_config=policy.peft_config,
            environment_factory=partial(TwinEnvironment, max_actions=config.multiturn.max_actions) if multiturn else None,
        )  # fmt: skip
    return run_trainer(trainer, config, mode=f"grpo-{config.grpo.mode}", callbacks=[*helpers, *callbacks])


def fit_prompts(rows: Any, tokenizer: Any, max_tokens: int, template_kwargs: dict[str, Any] | None = None) -> Any:
    """``rows`` without those whose rendered prompt exceeds ``max_tokens``; all gone is a `ConfigError`."""
    if "prompt" not in rows.column_names:
        raise ConfigError(f"dataset: GRPO needs a 'prompt' column; it has {rows.column_names}")
    keep = [i for i, prompt in enumerate(rows["prompt"]) if _tokens(tokenizer, prompt, template_kwargs) <= max_tokens]
    if not keep:
        raise ConfigError(f"dataset: every prompt is longer than grpo.max_prompt_length ({max_tokens} tokens)")
    if len(keep) < len(rows):
        _log.warning("dropped %d of %d rows whose prompt is over %d tokens", len(rows) - len(keep), len(rows), max_tokens)
    return rows.select(keep)


def screened(rows: Any, config: TrainConfig, funcs: Sequence[RewardFunc], weights: Sequence[float] | None) -> Any:
    """``rows`` without the prompts where ``grpo.num_generations`` answers of the starting model all earn
    the same reward (`aoi.train.screen`); none left is a `ConfigError`."""
    from .screen import screen_with_model

    grpo = config.grpo

    def progress(index: int, kept: bool) -> None:
        if (index + 1) % 50 == 0 or index + 1 == len(rows):
            _log.info("screened %d of %d prompts", index + 1, len(rows))

    result = screen_with_model(rows, _model_name(config.model), funcs, weights, seed=config.seed,
                               group=grpo.num_generations, temperature=grpo.temperature, top_p=grpo.top_p,
                               min_p=grpo.min_p, max_tokens=grpo.max_completion_length, on_row=progress)  # fmt: skip
    if not result.kept:
        raise ConfigError(f"grpo.screen: all {len(rows)} prompts gave {grpo.num_generations} equal rewards; "
                          "nothing to learn from (raise grpo.temperature, or turn screen off)")
    _log.warning("grpo.screen kept %d of %d prompts (the others gave equal rewards)", len(result.kept), len(rows))
    return rows.select(result.kept)


def _tokens(tokenizer: Any, prompt: Any, template_kwargs: dict[str, Any] | None) -> int:
    if isinstance(prompt, str):
        return len(tokenizer(prompt)["input_ids"])
    ids = tokenizer.apply_chat_template(prompt, add_generation_prompt=True, tokenize=True, return_dict=False,
                                        **(template_kwargs or {}))
    return len(ids)


def _check_enough_prompts(rows: int, args: Any) -> None:
    """TRL samples whole generation batches and drops a partial one: too few rows train nothing at all."""
    needed = args.generation_batch_size // args.num_generations
    if rows < needed:
        raise ConfigError(
            f"dataset: {rows} row(s), but one generation batch takes {needed} prompts (per-device batch x "
            f"accumulation x devices / grpo.num_generations); add rows (problems, seeds) or lower the batch"
        )


def _configured_rewards(config: TrainConfig) -> tuple[list[RewardFunc], list[float] | None, list[Any]]:
    """Step mode: `build_rewards` on ``grpo.rewards``, and the trainer callbacks they need (a
    `LivePolicy` for ``return`` with ``policy: live``); multiturn: none (the oracle scores)."""
    if config.grpo.mode == "multiturn":
        return [], None, []
    from .rewards import UnknownReward, build_rewards

    judge = None
    if config.grpo.judge is not None:
        from aoi.llm import OpenAICompatibleClient

        judge = OpenAICompatibleClient.from_config(config.grpo.judge)
    options = {name: dict(value) for name, value in config.grpo.reward_options.items()}
    helpers: list[Any] = []
    if "return" in config.grpo.rewards:  # the episode's continuation: by default the policy GRPO starts from
        continuation = options.setdefault("return", {})
        continuation.setdefault("policy", _model_name(config.model))
        if continuation["policy"] == LIVE_POLICY:
            from .live_policy import LivePolicy

            live = LivePolicy(_model_name(config.model), **{k: continuation[k] for k in ("max_tokens", "temperature")
                                                            if k in continuation})  # fmt: skip
            continuation["policy"] = live
            helpers.append(live)
    try:
        funcs, weights = build_rewards(config.grpo.rewards, judge_client=judge, **options)
    except UnknownReward as exc:
        raise ConfigError(f"grpo.rewards: {exc}") from None
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"grpo.reward_options: {exc}") from None
    return list(funcs), list(weights), helpers


def _model_name(model: str) -> str:
    """The training model as `aoi.llm.make_client` names an in-process one (``hf:`` and the path or id)."""
    from aoi.llm import LOCAL_MODEL_PREFIX

    return model if model.startswith(LOCAL_MODEL_PREFIX) else LOCAL_MODEL_PREFIX + model


def _grpo_arguments(config: TrainConfig) -> dict[str, Any]:
    grpo, generation, vllm = config.grpo, config.generation, uses_vllm(config)
    arguments: dict[str, Any] = {
        "num_generations": grpo.num_generations,
        "temperature": grpo.temperature,
        "top_p": grpo.top_p,
        "min_p": grpo.min_p,
        "max_completion_length": grpo.max_completion_length,
        "beta": grpo.beta,
        "chat_template_kwargs": dict(grpo.chat_template_kwargs) or None,
        "use_vllm": vllm,
        "vllm_mode": generation.vllm_mode,
    }
    if vllm and generation.vllm_mode == "colocate":
        arguments["vllm_gpu_memory_utilization"] = generation.vllm_gpu_memory_utilization
        arguments["vllm_max_model_length"] = grpo.max_prompt_length + grpo.max_completion_length
    if config.grpo.mode == "multiturn":
        arguments["max_tool_calling_iterations"] = config.multiturn.max_turns
    return arguments
