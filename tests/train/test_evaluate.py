"""`evaluate_model`: the k samples of each problem on twins of consecutive seeds, rated by split and task."""

from __future__ import annotations

import pytest

from aoi.train.evaluate import EvalSettings, evaluate_model

PROBLEMS = ["k8s_target_port-misconfig-detection-1", "k8s_target_port-misconfig-localization-1"]


def test_samples_run_on_consecutive_seeds_from_first_seed(tiny_model_dir):
    settings = EvalSettings(k=2, temperature=0.0, max_iterations=1, max_tokens=16, first_seed=3)
    report = evaluate_model(str(tiny_model_dir), PROBLEMS, settings)
    assert [(s.problem_id, s.sample) for s in report.samples] == [(p, j) for p in PROBLEMS for j in (3, 4)]
    rates = report.rates()
    assert set(rates) == {"overall", "train", "test", "detection", "localization"}
    assert rates["overall"] == pytest.approx(sum(s.success for s in report.samples) / 4)


def test_a_negative_first_seed_is_refused():
    with pytest.raises(ValueError, match="first_seed"):
        EvalSettings(first_seed=-1)
