"""Training the Observer: purified step samples from successful runs, rewards, SFT and GRPO.

    rows = step_samples(trajectory)                          # one row per kept Observer decision
    build_training_data(runbook_split="train", out_dir="data/observer")   # `aoi train data`
    dataset = load("data/observer")                          # a `datasets.Dataset`
    train_sft(load_config("configs/train/sft.yaml"))          # `aoi train sft`; train_grpo likewise

Names load on first use, so ``import aoi.train`` imports neither torch nor ``datasets`` (the
Purifier is the submodule ``aoi.train.purify``, its function `aoi.train.purify.purify`).
See README.md in this folder for a map of the modules.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = {
    "DataProgress": "data",
    "build_rows": "data",
    "build_training_data": "data",
    "collect_runbook": "data",
    "collect_runs": "data",
    "from_evolver": "data",
    "from_store": "data",
    "split_problems": "data",
    "NoSamples": "errors",
    "SampleFileError": "errors",
    "TrainDataError": "errors",
    "DropReason": "purify",
    "PurifyReport": "purify",
    "COLUMNS": "samples",
    "SampleRow": "samples",
    "balance": "samples",
    "step_samples": "samples",
    "load": "storage",
    "save": "storage",
    "to_dataset": "storage",
    "ConfigError": "config",
    "TrainConfig": "config",
    "load_config": "config",
    "train_sft": "sft",
    "train_grpo": "grpo",
    "TwinEnvironment": "environment",
    "build_multiturn_dataset": "multiturn_data",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'aoi.train' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
