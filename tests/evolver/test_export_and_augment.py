from __future__ import annotations

import json
from importlib.util import find_spec

import pytest

from aoi.evolver import NotValidated, RepairedPlan, augment, export_samples, samples
from aoi.train.samples import COLUMNS
from aoi.trajectories import MissingExtraError

from .conftest import SUCCESS


def test_sft_samples_are_context_and_corrected_decision(library, tmp_path):
    written = export_samples(library.plans.values(), "sft", tmp_path, hf=False)
    rows = [json.loads(line) for line in written["jsonl"].read_text().splitlines()]
    assert rows and len(rows) == written["samples"]
    for row in rows:
        assert set(row) == {"prompt", "completion"}
        assert [m["role"] for m in row["prompt"]] == ["system", "user"]
        assert "next_action" in json.loads(row["completion"][0]["content"])


def test_grpo_samples_carry_what_a_verified_reward_needs(library, tmp_path):
    rows = [json.loads(ln) for ln in export_samples(library.plans.values(), "grpo", tmp_path, hf=False)[
        "jsonl"].read_text().splitlines()]
    plans = {plan.trajectory.id: plan for plan in library.plans.values() if plan.trajectory is not None}
    for row in rows:
        assert set(row) == set(COLUMNS) and row["source"] == "evolver"  # the training sample schema
    assert any(row["prefix_actions"] for row in rows)
    assert all(plans[row["trajectory_id"]].validated for row in rows)


def test_only_validated_plans_are_exported():
    plan = RepairedPlan(id="x", problem_id=SUCCESS, task="mitigation", family="f", namespace="n", repairer="t")
    with pytest.raises(NotValidated):
        samples(plan, "sft")


@pytest.mark.skipif(find_spec("datasets") is not None, reason="the train extra is installed")
def test_asking_for_a_dataset_without_the_extra_names_it(library, tmp_path):
    with pytest.raises(MissingExtraError, match=r"pip install 'aoi\[train\]'"):
        export_samples(library.plans.values(), "sft", tmp_path, hf=True)
    assert "dataset" not in export_samples(library.plans.values(), "sft", tmp_path)  # auto: skipped quietly


@pytest.mark.skipif(find_spec("datasets") is None, reason="needs the optional 'datasets' package (aoi[train])")
def test_a_dataset_is_written_when_datasets_is_installed(library, tmp_path):
    written = export_samples(library.plans.values(), "grpo", tmp_path, hf=True)
    assert written["dataset"].is_dir()


def test_augment_seeds_validated_plans_on_new_variants(failing_run):
    result = augment(failing_run, ["k8s_target_port-misconfig", "auth_miss_mongodb"], per_family=1)
    assert len(result.plans) == 1
    plan = result.plans[0]
    assert plan.validated and "@" in plan.problem_id and plan.pattern is None
    assert "auth_miss_mongodb" in result.skipped
