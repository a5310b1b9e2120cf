"""From a `TrainConfig` to the keyword arguments of TRL's `SFTConfig` and `GRPOConfig`.

This is where the ``auto`` settings meet the machine: bf16 is on when a CUDA GPU supports it,
vLLM when CUDA is available and ``vllm`` is importable. `require_train_extra` turns a missing
optional dependency into one `MissingExtraError` line before anything heavy is imported.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from aoi.trajectories import MissingExtraError

from .config import ConfigError, TrainConfig
from .policy import model_init_kwargs

__all__ = ["TRAIN_MODULES", "common_arguments", "require_train_extra", "trainer_config", "uses_bf16", "uses_vllm"]

# What the ``train`` extra installs, by import name.
TRAIN_MODULES = ("torch", "transformers", "trl", "peft", "accelerate", "datasets")


def require_train_extra() -> None:
    """Raise `MissingExtraError` naming the absent modules unless the ``train`` extra is installed."""
    missing = [name for name in TRAIN_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtraError(
            f"training needs the train extra (missing: {', '.join(missing)}): pip install 'aoi[train]'"
        )


def uses_bf16(config: TrainConfig) -> bool:
    """Whether this run trains in bfloat16 (``auto``: a CUDA GPU that supports it)."""
    if config.optim.bf16 != "auto":
        return bool(config.optim.bf16)
    import torch

    return torch.cuda.is_available() and torch.cuda.is_bf16_supported()


def uses_vllm(config: TrainConfig) -> bool:
    """Whether GRPO generates with vLLM (``auto``: CUDA is available and vllm is importable)."""
    if config.generation.use_vllm != "auto":
        return bool(config.generation.use_vllm)
    import torch

    return torch.cuda.is_available() and importlib.util.find_spec("vllm") is not None


def common_arguments(config: TrainConfig) -> dict[str, Any]:
    """The TrainingArguments fields both trainers take, from ``config``."""
    import torch

    optim, bf16 = config.optim, uses_bf16(config)
    return {
        "output_dir": config.output_dir,
        "seed": config.seed,
        "learning_rate": optim.learning_rate,
        "num_train_epochs": optim.num_train_epochs,
        "per_device_train_batch_size": optim.per_device_train_batch_size,
        "gradient_accumulation_steps": optim.gradient_accumulation_steps,
        "max_steps": optim.max_steps,
        "warmup_steps": optim.warmup,
        "lr_scheduler_type": optim.lr_scheduler_type,
        "logging_steps": optim.logging_steps,
        "save_strategy": "steps",
        "save_steps": optim.save_steps,
        "save_total_limit": optim.save_total_limit,
        "report_to": list(optim.report_to) or "none",
        "bf16": bf16,
        # transformers 5 renamed gradient_checkpointing; setting the new name avoids its deprecation path.
        "activation_checkpointing": optim.gradient_checkpointing,
        # Pinned memory only helps a copy to a GPU; on a CPU torch warns that it is ignored.
        "dataloader_pin_memory": torch.cuda.is_available(),
        "model_init_kwargs": model_init_kwargs(config.model, bf16=bf16),
    }


def trainer_config(config_class: type, config: TrainConfig, **specific: Any) -> Any:
    """``config_class`` (TRL's `SFTConfig` or `GRPOConfig`) from ``config`` and the trainer-specific fields.

    TRL checks the combination as it is built (e.g. the batch must hold whole GRPO groups); its
    `ValueError` becomes a `ConfigError`, before any model is loaded.
    """
    try:
        return config_class(**common_arguments(config), **specific)
    except ValueError as exc:
        raise ConfigError(f"{config_class.__name__}: {exc}") from None
