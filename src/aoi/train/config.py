"""`TrainConfig`: every setting of an SFT or GRPO run, loaded from YAML with command-line overrides.

One frozen pydantic model per concern (`LoraSettings`, `OptimSettings`, `SFTSettings`,
`GRPOSettings`, `GenerationSettings`, `MultiTurnSettings`) under one `TrainConfig`; every default
is written here once, with its description, and values taken from the paper quote it
(aoi-paper.md §4). Unknown keys are errors, so a typo in a YAML file is never silently ignored.

    config = load_config("configs/train/grpo.yaml", {"model": "runs/sft", "optim.max_steps": 10})

Overrides use dotted paths (``optim.max_steps``); they are applied to the YAML mapping before
validation, so an override is checked exactly like a value written in the file. Anything wrong
(an unreadable file, bad YAML, an unknown key, a value out of range) is one `ConfigError` whose
message names the file and the field. Nothing here imports torch: `aoi.train.arguments` turns
the ``auto`` settings into concrete ones on the machine that trains.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from aoi.llm import OpenAIClientConfig

__all__ = [
    "LIVE_POLICY",
    "ConfigError",
    "GRPOSettings",
    "GenerationSettings",
    "LoraSettings",
    "MultiTurnSettings",
    "OptimSettings",
    "SFTSettings",
    "TrainConfig",
    "load_config",
]

Auto = Literal["auto"]


LIVE_POLICY = "live"
"""The ``return`` reward's ``policy`` that names the model being trained (`aoi.train.live_policy`)."""


class ConfigError(ValueError):
    """A training config file or override is unreadable or invalid; the message is one line."""


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LoraSettings(_Settings):
    """The LoRA adapter trained on top of the frozen base model."""

    enabled: bool = Field(
        default=True,
        description="Train a LoRA adapter (the paper's setting). false trains every weight of the model: only "
        "sensible for small models, such as a tiny random one that has nothing yet to adapt.",
    )
    r: int = Field(default=64, gt=0, description='LoRA rank; the paper: "LoRA rank / alpha 64 / 128" (§4.1).')
    alpha: int = Field(default=128, gt=0, description="LoRA alpha (scaling = alpha / r); the paper: 128 (§4.1).")
    dropout: float = Field(
        default=0.05, ge=0, lt=1, description="Dropout on the LoRA branch; the public code: 0.05 (§4.2)."
    )
    target_modules: str | list[str] = Field(
        default="all-linear",
        description='Modules that get an adapter: "all-linear" (every linear layer but the output head; the '
        "public code's q/k/v/o/gate/up/down on Qwen3) or a list of module names.",
    )


class OptimSettings(_Settings):
    """Optimisation and bookkeeping, shared by SFT and GRPO."""

    learning_rate: float = Field(default=1e-5, gt=0, description='Peak learning rate; the paper: "1e-5" (§4.1).')
    num_train_epochs: float = Field(default=3, gt=0, description='Passes over the data; the paper: "3" (§4.1).')
    per_device_train_batch_size: int = Field(
        default=4, gt=0, description="Rows (SFT) or completions (GRPO) per device per forward pass."
    )
    gradient_accumulation_steps: int = Field(
        default=4,
        gt=0,
        description='Forward passes per optimiser step. 4 x 4 on one device is the paper\'s "batch 16" (§4.1); '
        "the effective batch is per_device x accumulation x devices, so halve this on two GPUs.",
    )
    max_steps: int = Field(
        default=-1, description="Stop after this many optimiser steps; -1 trains for num_train_epochs."
    )
    warmup: float = Field(
        default=0.0, ge=0, description="Linear warmup: a number of steps, or a fraction of the run when below 1."
    )
    lr_scheduler_type: str = Field(default="linear", description="A transformers scheduler name.")
    logging_steps: int = Field(default=1, gt=0, description="Log loss and rewards every this many steps.")
    save_steps: int = Field(default=50, gt=0, description="Write a resumable checkpoint every this many steps.")
    save_total_limit: int = Field(default=2, gt=0, description="Checkpoints kept in output_dir; older ones go.")
    bf16: bool | Auto = Field(
        default="auto", description="bfloat16 weights and autocast; auto = on when a CUDA GPU supports it."
    )
    gradient_checkpointing: bool = Field(
        default=True, description="Recompute activations in the backward pass (the public code's setting, §4.2)."
    )
    report_to: list[str] = Field(
        default_factory=list, description='Experiment trackers for transformers, e.g. ["wandb"]; none by default.'
    )


class SFTSettings(_Settings):
    """Supervised fine-tuning on the Observer's decisions (the distillation warm start)."""

    max_length: int = Field(default=4096, gt=0, description="Tokens per row (prompt + decision); longer rows are cut.")
    completion_only_loss: bool = Field(
        default=True, description="Train on the decision tokens only, not on the prompt that leads to them."
    )


class GRPOSettings(_Settings):
    """Group Relative Policy Optimisation of the Observer."""

    mode: Literal["step", "multiturn"] = Field(
        default="step",
        description="step: one Observer decision per row, scored by reward functions (the paper's step-level "
        "GRPO); multiturn: whole twin episodes through tool calls, scored by the problem's oracle.",
    )
    num_generations: int = Field(
        default=4, ge=2, description='Completions per prompt (the group); the paper: "GRPO group size 4" (§4.1).'
    )
    temperature: float = Field(default=0.7, gt=0, description="Sampling temperature; the public code: 0.7 (§4.2).")
    top_p: float = Field(default=0.95, gt=0, le=1, description="Nucleus sampling; the public code: 0.95 (§4.2).")
    min_p: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="Leave out tokens less likely than min_p times the likeliest one when sampling (none by "
        "default): a small model's samples at temperature 1 lose their JSON to tail tokens, min_p 0.1 keeps the "
        "alternatives it actually weighs.",
    )
    max_prompt_length: int = Field(
        default=4096,
        gt=0,
        description="Rows whose rendered prompt is longer are dropped (the Observer's context budget is 4,096 "
        "tokens, aoi-paper.md §3.1); multi-turn prompts are not checked (tool results grow them).",
    )
    max_completion_length: int = Field(
        default=1024,
        gt=0,
        description="Generated tokens per completion; in multiturn mode, per episode (tool results included).",
    )
    beta: float = Field(default=0.0, ge=0, description="KL penalty towards the starting policy (TRL's default, 0).")
    screen: bool = Field(
        default=False,
        description="Step mode: before training, sample num_generations answers of the starting model to every "
        "prompt and keep only the prompts whose rewards differ (aoi.train.screen); the others give zero advantage.",
    )
    rewards: dict[str, float] = Field(
        default_factory=lambda: {"outcome": 1.0, "format": 0.1},
        description="Step mode: reward name -> weight for aoi.train.rewards.build_rewards (format, outcome, return, "
        "judge). Multiturn mode scores by the oracle alone.",
    )
    reward_options: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description='Each reward\'s own options by name, e.g. {"return": {"policy": "hf:runs/sft", '
        '"max_iterations": 8}}; the "return" reward\'s policy defaults to `model` (the warm start), and '
        f'"{LIVE_POLICY}" is the model being trained (aoi.train.live_policy: no deferring to a fixed finisher).',
    )
    chat_template_kwargs: dict[str, Any] = Field(
        default_factory=dict,
        description='Extra chat-template variables when prompts are rendered, e.g. {"enable_thinking": false} '
        "for Qwen3, whose decisions carry no thinking block.",
    )
    judge: OpenAIClientConfig | None = Field(
        default=None, description='The judge endpoint (base_url, model, ...), needed by a "judge" reward.'
    )

    @model_validator(mode="after")
    def _judge_when_judged(self) -> GRPOSettings:
        if self.rewards.get("judge") and self.judge is None:
            raise ValueError('the "judge" reward needs grpo.judge (base_url and model of the judge endpoint)')
        stray = sorted(set(self.reward_options) - set(self.rewards))
        if stray:
            raise ValueError(f"grpo.reward_options names reward(s) not in grpo.rewards: {', '.join(stray)}")
        return self


class GenerationSettings(_Settings):
    """How GRPO generates its completions."""

    use_vllm: bool | Auto = Field(
        default="auto",
        description="Generate with vLLM; auto = on only when CUDA is available and vllm is importable.",
    )
    vllm_mode: Literal["colocate", "server"] = Field(
        default="colocate",
        description="colocate: vLLM shares the training GPUs (the public code's setting, §4.2); server: a "
        "separate `trl vllm-serve`.",
    )
    vllm_gpu_memory_utilization: float = Field(
        default=0.3, gt=0, le=1, description="Share of GPU memory vLLM may take in colocate mode."
    )


class MultiTurnSettings(_Settings):
    """Multi-turn GRPO: which problems become episodes, and how long an episode may run."""

    split: Literal["train", "test", "all"] = Field(
        default="train", description="Problems to draw from when `problems` is empty: a side of the split."
    )
    problems: list[str] = Field(
        default_factory=list, description="Explicit problem ids (or variant ids); overrides `split` when given."
    )
    seeds: list[int] = Field(default_factory=lambda: [0], min_length=1, description="One episode row per seed.")
    noise: Literal["off", "realistic", "high"] = Field(default="realistic", description="Twin telemetry realism.")
    max_turns: int = Field(
        default=10, gt=0, description="Model turns with tool calls per episode (TRL's max_tool_calling_iterations)."
    )
    max_actions: int = Field(
        default=20, gt=0, description="AIOpsLab actions (tool calls) per episode; the step budget of the episode."
    )


class TrainConfig(_Settings):
    """One training run: which model, which data, where to write, and how."""

    model: str = Field(
        description="A Hugging Face causal-LM directory or hub id, or (GRPO) a PEFT adapter directory whose "
        "adapter continues training (the SFT warm start)."
    )
    dataset: str | None = Field(
        default=None,
        description="Training data (aoi train data): a dataset directory, a samples.jsonl or their parent. "
        "Multi-turn GRPO builds its own episodes and needs none.",
    )
    output_dir: str = Field(description="Where checkpoints, the adapter, the tokenizer and train_summary.json go.")
    seed: int = Field(default=0, description="Seed for data order, adapter initialisation and sampling.")
    resume: bool = Field(default=False, description="Continue from the last checkpoint in output_dir, if any.")
    merge: bool = Field(
        default=False, description="Also write output_dir/merged: the base model with the adapter folded in."
    )
    lora: LoraSettings = Field(default_factory=LoraSettings, description="The LoRA adapter.")
    optim: OptimSettings = Field(default_factory=OptimSettings, description="Optimisation and bookkeeping.")
    sft: SFTSettings = Field(default_factory=SFTSettings, description="SFT-only settings.")
    grpo: GRPOSettings = Field(default_factory=GRPOSettings, description="GRPO-only settings.")
    generation: GenerationSettings = Field(default_factory=GenerationSettings, description="GRPO generation.")
    multiturn: MultiTurnSettings = Field(default_factory=MultiTurnSettings, description="Multi-turn GRPO episodes.")


def load_config(path: Path | str | None = None, overrides: Mapping[str, Any] | None = None) -> TrainConfig:
    """The config in the YAML file at ``path`` (or only ``overrides``), with dotted-path ``overrides``.

    An override whose value is None is skipped, so CLI flags that were not given change nothing.
    """
    source = str(path) if path is not None else "overrides"
    data = _read_yaml(Path(path)) if path is not None else {}
    for key, value in (overrides or {}).items():
        if value is not None:
            _set_dotted(data, key, value, source)
    try:
        return TrainConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_one_line(exc)}") from None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise ConfigError(f"{path} is not valid YAML{line}: {getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level, got {type(data).__name__}")
    return data


def _set_dotted(data: dict[str, Any], key: str, value: Any, source: str) -> None:
    *parents, leaf = key.split(".")
    node = data
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"{source}: cannot set {key}: {part} is not a section")
        node = child
    node[leaf] = value


def _one_line(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "config"
        message = "unknown setting" if error["type"] == "extra_forbidden" else error["msg"]
        parts.append(f"{where}: {message}")
    return "; ".join(parts)
