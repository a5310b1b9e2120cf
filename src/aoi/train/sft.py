"""`train_sft`: supervised fine-tuning of the Observer on its recorded decisions, with LoRA.

The distillation warm start before GRPO (aoi-paper.md §4.1 trains on successful expert
trajectories): each row is one Observer decision, ``prompt`` (the LLM Observer's system and user
messages) and ``completion`` (the decision JSON), and the loss falls on the completion only
(``sft.completion_only_loss``). TRL's `SFTTrainer` does the training, PEFT the adapter;
`aoi.train.runner` resumes, saves the adapter and tokenizer, merges on request and writes
``train_summary.json``.

    config = load_config("configs/train/sft.yaml", {"model": "Qwen/Qwen3-14B"})
    adapter_dir = train_sft(config)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .arguments import require_train_extra, trainer_config
from .config import ConfigError, TrainConfig
from .policy import load_policy
from .runner import run_trainer, training_dataset

__all__ = ["SFT_COLUMNS", "train_sft"]

# The columns SFT reads; the rest of a sample's fields (problem, seed, prefix actions) are for GRPO.
SFT_COLUMNS = ("prompt", "completion")


def train_sft(config: TrainConfig, dataset: Any | None = None, *, callbacks: Sequence[Any] = ()) -> Path:
    """Fine-tune ``config.model`` on ``dataset`` (default: ``config.dataset``); return the output directory.

    ``dataset`` is a `datasets.Dataset` in the sample schema (at least ``prompt`` and
    ``completion``); ``callbacks`` are transformers callbacks (e.g. `ProgressLines`).
    """
    require_train_extra()
    from trl import SFTConfig, SFTTrainer

    rows = dataset if dataset is not None else training_dataset(config)
    missing = [c for c in SFT_COLUMNS if c not in rows.column_names]
    if missing:
        raise ConfigError(f"dataset: SFT needs the columns {list(SFT_COLUMNS)}; missing {missing}")
    args = trainer_config(SFTConfig, config, max_length=config.sft.max_length,
                          completion_only_loss=config.sft.completion_only_loss)
    policy = load_policy(config.model, config.lora, bf16=args.bf16)
    trainer = SFTTrainer(
        model=policy.model, args=args, train_dataset=rows.select_columns(list(SFT_COLUMNS)),
        processing_class=policy.tokenizer, peft_config=policy.peft_config,
    )  # fmt: skip
    return run_trainer(trainer, config, mode="sft", callbacks=callbacks)
