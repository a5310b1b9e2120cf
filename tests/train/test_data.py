"""Sources, the whole build, and the save/load round trip through `datasets`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import aoi.train
from aoi.evolver.cases import save_jsonl
from aoi.evolver.repair import plan_for
from aoi.problems import get_problem
from aoi.train.data import (
    DataProgress,
    NoSamples,
    SampleFileError,
    TrainDataError,
    build_rows,
    build_training_data,
    collect_runbook,
    from_evolver,
    from_store,
    load,
    save,
    split_problems,
)
from aoi.train.storage import read_jsonl, write_jsonl
from aoi.trajectories import MissingExtraError, Trajectory, TrajectoryStore

from .scripted_runs import DETECTION


@pytest.fixture(scope="module")
def train_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Trajectory], list[DataProgress]]:
    """The runbook over the train split, recorded in a trajectory store (no training extra needed)."""
    events: list[DataProgress] = []
    db = tmp_path_factory.mktemp("runs") / "trajectories.sqlite"
    with TrajectoryStore(db) as store:
        runs = collect_runbook(split_problems("train"), store=store, on_progress=events.append)
    return db, runs, events


@pytest.fixture(scope="module")
def built(train_runs, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[DataProgress]]:
    """Those runs purified, balanced and saved, as `aoi train data --store` does."""
    pytest.importorskip("datasets", reason="saving needs the train extra: pip install 'aoi[train]'")
    events: list[DataProgress] = []
    out = tmp_path_factory.mktemp("data")
    return build_training_data(runbook_split=None, store=train_runs[0], out_dir=out, on_progress=events.append), events


def test_importing_the_data_layer_needs_no_training_extra():
    code = "import sys, aoi.train.data; print(sorted({'torch', 'transformers', 'trl', 'datasets'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
    assert all(getattr(aoi.train, name) is not None for name in aoi.train.__all__)


def test_the_runbook_over_the_train_split_gives_train_samples_only(train_runs):
    _, runs, events = train_runs
    rows, reports = build_rows(runs)
    train = set(split_problems("train"))
    assert {row["problem_id"] for row in rows} == train  # every train problem, and only those
    assert {row["split"] for row in rows} == {"train"} and {row["source"] for row in rows} == {"runbook"}
    assert len(reports) == len(train) and all(report.success for report in reports)
    assert [(e.stage, e.done, e.total) for e in events[-1:]] == [("runbook", len(train), len(train))]


def test_the_saved_rows_are_balanced_and_the_manifest_counts_them(built):
    written, events = built
    manifest = json.loads(Path(written["manifest"]).read_text())
    assert len(set(manifest["by_task"].values())) == 1  # every task type equally often
    assert manifest["samples"] == sum(manifest["by_task"].values()) == written["samples"]
    assert manifest["by_task"]["detection"] == max(manifest["unbalanced_by_task"].values())
    assert manifest["purifier"]["trajectories"] == manifest["purifier"]["successful"] == len(split_problems("train"))
    assert manifest["by_split"] == {"train": written["samples"]} and manifest["balanced_by"] == "task"
    assert [e.stage for e in events] == ["store", "balance", "save"]


@pytest.mark.parametrize("where", ["folder", "dataset", "jsonl"])
def test_save_and_load_round_trip_through_datasets(built, where):
    written, _ = built
    path = {"folder": written["out_dir"], "dataset": written["dataset"], "jsonl": written["jsonl"]}[where]
    dataset = load(path)
    assert dataset.to_list() == read_jsonl(written["jsonl"])
    row = dataset[0]
    assert row["prompt"][0]["role"] == "system" and row["completion"][0]["role"] == "assistant"
    assert row["prefix_actions"] == [] and isinstance(dataset[1]["prefix_actions"][0], str)


def test_a_store_and_evolver_plans_are_sources_too(tmp_path):
    pytest.importorskip("datasets", reason="saving needs the train extra: pip install 'aoi[train]'")
    db = tmp_path / "trajectories.sqlite"
    with TrajectoryStore(db) as store:
        recorded = collect_runbook([DETECTION], seeds=(0, 1), store=store)
    assert [t.id for t in from_store(db, agent="runbook", split="train")] == [t.id for t in recorded]
    assert from_store(db, split="test") == [] and from_store(db, agent="llm") == []
    plan = plan_for(get_problem(DETECTION), seed=2, noise="off", plan_id="p1", repairer="offline")
    assert plan is not None
    plans = save_jsonl([plan], tmp_path / "plans.jsonl")
    assert [p.id for p in from_evolver(plans)] == ["p1"]
    written = build_training_data(runbook_split=None, store=db, evolver=plans, out_dir=tmp_path / "out")
    rows = read_jsonl(written["jsonl"])
    assert written["by_source"].keys() == {"runbook", "evolver"}
    assert {(r["seed"], r["noise"]) for r in rows if r["source"] == "evolver"} == {(2, "off")}


def test_bad_input_is_a_one_line_error(tmp_path):
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("hello\n" * 200)
    bad_jsonl = tmp_path / "samples.jsonl"
    bad_jsonl.write_text('{"prompt": []}\nnonsense\n')
    cases = [
        (lambda: from_store(tmp_path / "missing.sqlite"), SampleFileError, "no such trajectory store"),
        (lambda: from_store(not_a_db), SampleFileError, "not a readable trajectory store"),
        (lambda: from_evolver(tmp_path / "missing"), SampleFileError, "no such file or folder"),
        (lambda: load(tmp_path / "missing"), SampleFileError, "no such file or folder"),
        (lambda: load(bad_jsonl), SampleFileError, "samples.jsonl:2: not a JSON object"),
        (lambda: split_problems("dev"), TrainDataError, "expected one of train, test, all"),
        (lambda: save([], tmp_path / "out"), NoSamples, "no samples to save"),
        (lambda: build_training_data(runbook_split=None, out_dir=tmp_path / "out"), NoSamples, "no training samples"),
    ]
    for call, error, message in cases:
        with pytest.raises(error, match=message) as caught:
            call()
        assert "\n" not in str(caught.value)
    (tmp_path / "empty").mkdir()
    with pytest.raises(SampleFileError, match="holds no samples"):
        load(tmp_path / "empty")
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_datasets_without_the_extra_name_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "datasets", None)  # as if the train extra were not installed
    rows = [{"prompt": [{"role": "user", "content": "hi"}]}]
    write_jsonl(rows, tmp_path / "samples.jsonl")  # readable without the extra; a Dataset is not
    with pytest.raises(MissingExtraError, match=r"pip install 'aoi\[train\]'"):
        load(tmp_path)
    with pytest.raises(MissingExtraError, match=r"pip install 'aoi\[train\]'"):
        save(rows, tmp_path / "out")  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_any_agent_collects_failed_runs_whose_every_decision_becomes_a_row():
    from aoi.train.data import collect_runs

    events: list[DataProgress] = []
    runs = collect_runs("random", [DETECTION], seeds=(0, 1), max_iterations=3, on_progress=events.append)
    assert [r.seed for r in runs] == [0, 1] and [e.stage for e in events] == ["random", "random"]
    failed = [r for r in runs if not r.success]
    assert failed, "the random agent is expected to miss at least one of two detection runs"
    kept, _ = build_rows(failed)  # purified: a failed run teaches nothing to imitate
    states, _ = build_rows(failed, purify=False)  # but every state it reached is a GRPO prompt
    assert kept == [] and len(states) >= len(failed)
    assert all(len(r["prefix_decisions"]) == r["iteration"] - 1 for r in states)


def test_a_policy_that_cannot_be_found_fails_before_any_run(tmp_path: Path):
    from aoi.llm import ModelNotFound

    with pytest.raises(ModelNotFound, match="no model directory"):
        build_training_data(runbook_split="train", policy=f"hf:{tmp_path / 'missing'}", out_dir=tmp_path / "out",
                            on_progress=lambda step: pytest.fail(f"ran before checking the policy: {step}"))
