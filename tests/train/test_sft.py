"""`train_sft` on the tiny model: a few steps, the adapter saves and loads, resume, merge, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aoi.train.config import ConfigError

from .trainer_kit import PEFT_READS_DEPRECATED, decision_dataset, lora_weights, tiny_config

pytestmark = PEFT_READS_DEPRECATED
pytest.importorskip("trl", reason="the training tests need the train extra: pip install 'aoi[train]'")


def test_a_few_steps_train_and_the_adapter_loads(tiny_model_dir: Path, tmp_path: Path):
    from peft import AutoPeftModelForCausalLM, PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from aoi.train.sft import train_sft

    out = train_sft(tiny_config(tiny_model_dir, tmp_path / "sft", **{"optim.max_steps": 2, "merge": True}),
                    decision_dataset())
    summary = json.loads((out / "train_summary.json").read_text())
    assert summary["mode"] == "sft" and summary["steps"] == 2
    assert [p["step"] for p in summary["loss"]] == [1, 2] and summary["final_loss"] > 0
    # LoRA's B matrices start at zero: any non-zero one was trained.
    assert any(t.abs().sum() > 0 for name, t in lora_weights(out).items() if "lora_B" in name)
    base = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir))
    assert isinstance(PeftModel.from_pretrained(base, str(out)), PeftModel)
    assert AutoPeftModelForCausalLM.from_pretrained(str(out)) is not None
    assert AutoTokenizer.from_pretrained(str(out)).chat_template
    merged = AutoModelForCausalLM.from_pretrained(summary["merged"])
    assert merged.config.model_type == "qwen3" and Path(summary["merged"], "tokenizer.json").is_file()


def test_an_interrupted_run_resumes_from_its_last_checkpoint(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.sft import train_sft

    out = tmp_path / "sft"
    train_sft(tiny_config(tiny_model_dir, out, **{"optim.max_steps": 1, "optim.save_steps": 1}), decision_dataset())
    assert (out / "checkpoint-1").is_dir()
    train_sft(tiny_config(tiny_model_dir, out, **{"optim.max_steps": 2, "resume": True}), decision_dataset())
    summary = json.loads((out / "train_summary.json").read_text())
    assert summary["resumed_from"] == str(out / "checkpoint-1") and summary["steps"] == 2
    assert [p["step"] for p in summary["loss"]] == [1, 2]  # the first step's log came back with the checkpoint


def test_rows_without_a_completion_are_a_config_error(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.sft import train_sft

    rows = decision_dataset().remove_columns(["completion"])
    with pytest.raises(ConfigError, match="SFT needs the columns .*missing \\['completion'\\]"):
        train_sft(tiny_config(tiny_model_dir, tmp_path), rows)


def test_a_missing_dataset_is_a_config_error(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.sft import train_sft

    with pytest.raises(ConfigError, match="dataset: .* does not exist; build it with `aoi train data"):
        train_sft(tiny_config(tiny_model_dir, tmp_path, dataset=str(tmp_path / "none")))
