"""``aoi run PROBLEM --model hf:PATH``: the LLM Observer on an in-process model, a directory or an adapter.

The tiny model is random, so its replies are junk: the Observer's survey fallback keeps the
episode going, and the run must still finish and leave its trajectory in the store. A path that
holds no model, or a missing train extra, is one line on stderr before anything runs.
"""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from aoi.cli import app
from aoi.trajectories import TrajectoryStore
from llm.hf_models import one_torch_thread, save_lora_adapter

PROBLEM = "k8s_target_port-misconfig-detection-1"


@pytest.fixture(scope="module")
def adapter_dir(tiny_model_dir, tmp_path_factory):
    pytest.importorskip("peft", reason="the adapter run needs the train extra: pip install 'aoi[train]'")
    return save_lora_adapter(tiny_model_dir, tmp_path_factory.mktemp("adapter") / "lora", random_weights=True)


@pytest.mark.parametrize("kind", ["model", "adapter"])
def test_aoi_run_completes_an_episode_on_a_local_model(kind, tiny_model_dir, adapter_dir, tmp_path):
    path = tiny_model_dir if kind == "model" else adapter_dir
    store = tmp_path / "runs.db"
    args = ["run", PROBLEM, "--model", f"hf:{path}", "--max-iterations", "2", "--max-tokens", "24",
            "--store", str(store), "--json"]  # fmt: skip
    with one_torch_thread():
        result = CliRunner().invoke(app, args)  # no --agent: --model picks the LLM Observer
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["agent"] == "llm" and data["iterations"] == 2 and data["end_reason"]
    with TrajectoryStore(store) as trajectories:
        trajectory = trajectories.get(data["trajectory_id"])
    assert trajectory.model == f"hf:{path}" and trajectory.status == "finished"
    decisions = [step for step in trajectory.steps if step.role == "observer"]
    assert len(decisions) == 2 and all("reply was unusable" in step.output for step in decisions)
    assert any(step.role == "probe" and step.command for step in trajectory.steps)  # the fallback's survey ran


@pytest.mark.parametrize(("model", "message"), [
    ("hf:{tmp}/missing", "no model directory at"),
    ("hf:{tmp}", "is not a Hugging Face model directory"),
    ("hf:", "hf: needs a path"),
])  # fmt: skip
def test_a_path_without_a_model_is_one_line_and_exit_2(tmp_path, model, message):
    result = CliRunner().invoke(app, ["run", PROBLEM, "--model", model.format(tmp=tmp_path)])
    assert result.exit_code == 2 and message in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_without_the_train_extra_the_run_says_how_to_install_it(tmp_path, monkeypatch):
    (tmp_path / "config.json").write_text("{}")
    monkeypatch.setitem(sys.modules, "torch", None)  # what find_spec reports for a module not installed
    result = CliRunner().invoke(app, ["run", PROBLEM, "--model", f"hf:{tmp_path}"])
    assert result.exit_code == 1 and "pip install 'aoi[train]'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_model_that_will_not_load_ends_the_run_with_one_line(tmp_path):
    pytest.importorskip("transformers", reason="loading needs the train extra: pip install 'aoi[train]'")
    (tmp_path / "config.json").write_text("{}")  # looks like a model until transformers reads it
    result = CliRunner().invoke(app, ["run", PROBLEM, "--model", f"hf:{tmp_path}", "--max-iterations", "1"])
    assert result.exit_code == 1 and f"error: cannot load the model at {tmp_path}" in result.stderr
    assert result.stderr.count("\n") == 1
