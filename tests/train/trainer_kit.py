"""Helpers for the trainer tests: the tiny CPU config, real decision samples, adapter weights."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from aoi.train.config import TrainConfig, load_config

CONFIGS = Path(__file__).resolve().parents[2] / "configs"
TINY_CONFIG = CONFIGS / "train" / "tiny_cpu.yaml"

# peft 0.21 reads `model.is_gradient_checkpointing`, which transformers 5.23 deprecates; neither is ours to fix.
PEFT_READS_DEPRECATED = pytest.mark.filterwarnings(
    "ignore:`is_gradient_checkpointing` is deprecated:FutureWarning"
)


# Half the tiny config's lengths: a CPU step then takes about a second (the longest samples are dropped).
TEST_LENGTHS = {"sft.max_length": 1024, "grpo.max_prompt_length": 1024}


def tiny_config(model: Path | str, out: Path, **overrides: Any) -> TrainConfig:
    """configs/train/tiny_cpu.yaml for ``model``, writing to ``out``, with dotted ``overrides``."""
    return load_config(TINY_CONFIG, {"model": str(model), "output_dir": str(out), **TEST_LENGTHS, **overrides})


@cache
def decision_rows() -> tuple[dict[str, Any], ...]:
    """Real samples: the runbook's purified decisions on one detection problem (4 rows)."""
    from aoi.train.data import build_rows, collect_runbook

    rows, _ = build_rows(collect_runbook(["k8s_target_port-misconfig-detection-1"]), source="runbook")
    return tuple(rows)


def decision_dataset(copies: int = 1) -> Any:
    """`decision_rows` as a `datasets.Dataset`, repeated ``copies`` times."""
    from aoi.train.storage import to_dataset

    return to_dataset(list(decision_rows()) * copies)


def lora_weights(adapter_dir: Path) -> dict[str, Any]:
    """The LoRA tensors saved in ``adapter_dir``."""
    from safetensors.torch import load_file

    return load_file(str(adapter_dir / "adapter_model.safetensors"))
