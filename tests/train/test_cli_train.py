"""``aoi train`` through typer's runner: one-line errors with exit 1, and the tiny pipeline end to end."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoi.cli import app

from .trainer_kit import PEFT_READS_DEPRECATED, TINY_CONFIG, decision_rows

runner = CliRunner()
# Errors found only once training starts (a model or dataset path) need the train extra installed.
needs_extra = pytest.mark.skipif(importlib.util.find_spec("trl") is None, reason="needs the train extra")


def invoke(*args: str):
    return runner.invoke(app, ["train", *args])


def assert_one_line_error(result, expected: str) -> None:
    """Exit 1, and the error is the last line of stderr, alone (progress lines may come before it)."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert errors == [lines[-1]] and expected in lines[-1], result.stderr


def test_the_train_commands_do_not_slow_the_cli_down():
    code = "import sys, aoi.cli; print(sorted(m for m in ('torch', 'trl', 'transformers', 'peft', 'datasets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("sft", "--bogus"), "No such option: --bogus"),
        (("sft",), "Missing option '--config'"),
        (("grpo", "--config", str(TINY_CONFIG), "--max-steps", "many"), "Invalid value for '--max-steps'"),
        (("sft", "--config", "no/such.yaml"), "cannot read config file no/such.yaml"),
        (("grpo", "--config", str(TINY_CONFIG), "--mode", "episodes"), "grpo.mode: Input should be 'step' or"),
        pytest.param(("grpo", "--config", str(TINY_CONFIG), "--mode", "multiturn", "--model", "./no/model"),
                     "no such directory", marks=needs_extra),
        pytest.param(("sft", "--config", str(TINY_CONFIG), "--dataset", "no/data"), "dataset: no/data does not exist",
                     marks=needs_extra),
        (("data", "--out", "x", "--seeds", "one"), "--seeds takes integers, got one"),
        (("data", "--out", "x", "--split", "bogus"), "unknown split 'bogus'; expected one of train, test, all"),
        (("tiny-model", "x", "--problems", "nope"), "unknown problem id 'nope'"),
        (("eval", "x", "--split", "bogus"), "unknown split 'bogus'"),
        (("eval", "x", "-k", "0"), "Invalid value for '-k'"),
        pytest.param(("eval", "no/model", "--split", "train"), "no/model", marks=needs_extra),
    ],
)
def test_bad_input_is_one_line_and_exit_1(args: tuple[str, ...], expected: str):
    assert_one_line_error(invoke(*args), expected)


def test_a_bad_config_file_is_one_line(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: m\noutput_dir: o\noptim:\n  lr: 1\n")
    assert_one_line_error(invoke("sft", "--config", str(bad)), "optim.lr: unknown setting")


def test_a_missing_extra_is_one_line(monkeypatch: pytest.MonkeyPatch):
    import aoi.train.arguments as arguments

    monkeypatch.setattr(arguments, "TRAIN_MODULES", (*arguments.TRAIN_MODULES, "aoi_no_such_module"))
    assert_one_line_error(invoke("sft", "--config", str(TINY_CONFIG)),
                          "training needs the train extra (missing: aoi_no_such_module): pip install 'aoi[train]'")


@PEFT_READS_DEPRECATED
def test_sft_then_multiturn_grpo_from_the_cli(tiny_model_dir: Path, tmp_path: Path):
    pytest.importorskip("trl")
    from aoi.train.storage import save

    data = tmp_path / "data"
    save(list(decision_rows()), data)
    sft_out = tmp_path / "sft"
    lengths = ["--config", str(TINY_CONFIG), "--model", str(tiny_model_dir), "--max-steps", "1"]
    result = invoke("sft", *lengths, "--dataset", str(data), "--output-dir", str(sft_out))
    assert result.exit_code == 0, result.output
    assert "step 1/1" in result.stderr and f"saved adapter and tokenizer to {sft_out}" in result.stderr
    assert json.loads((sft_out / "train_summary.json").read_text())["steps"] == 1
    # The tiny model's tool calls are junk: they must be answered, not crash the rollout.
    mt_out = tmp_path / "mt"
    result = invoke("grpo", *lengths, "--mode", "multiturn", "--output-dir", str(mt_out))
    assert result.exit_code == 0, result.output
    summary = json.loads((mt_out / "train_summary.json").read_text())
    assert summary["mode"] == "grpo-multiturn" and summary["steps"] == 1 and len(summary["reward"]) == 1


def test_tiny_model_writes_a_loadable_model(tmp_path: Path):
    pytest.importorskip("trl")
    result = invoke("tiny-model", str(tmp_path / "tiny"), "--problems", "k8s_target_port-misconfig-detection-1",
                    "--hidden", "32", "--layers", "1")  # fmt: skip
    assert result.exit_code == 0, result.output
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(str(tmp_path / "tiny"))
    assert (config.model_type, config.hidden_size, config.num_hidden_layers) == ("qwen3", 32, 1)


def test_tiny_model_rejects_a_hidden_size_the_heads_do_not_divide(tmp_path: Path):
    pytest.importorskip("trl")
    result = invoke("tiny-model", str(tmp_path / "tiny"), "--problems", "k8s_target_port-misconfig-detection-1",
                    "--hidden", "30")  # fmt: skip
    assert result.exit_code != 0 and "multiple of heads" in result.output


@needs_extra
def test_eval_rates_two_models_and_compares_them_pair_by_pair(tiny_model_dir: Path):
    result = invoke("eval", str(tiny_model_dir), "--against", f"hf:{tiny_model_dir}", "--split", "test", "-k", "1",
                    "--max-iterations", "1", "--max-tokens", "8", "--first-seed", "1", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures["rates"]) == {str(tiny_model_dir), f"hf:{tiny_model_dir}"}
    paired = figures["paired"]  # the same model, greedy, on the same seeds: no difference at all
    assert (paired["difference"], paired["only_after"], paired["only_before"], paired["p_value"]) == (0.0, 0, 0, 1.0)
    assert paired["pairs"] == 51 and f"{tiny_model_dir} 51/51 " in result.stderr
