"""The closed loop (benchmarks/evolver_loop.py) on a tiny subset: guidance from train failures helps."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from aoi.bench import load_run

_SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "evolver_loop.py"
TRAIN = ["k8s_target_port-misconfig-localization-1", "k8s_target_port-misconfig-analysis-2"]
TEST = ["noop_detection_social_network-1"]


def _loop_module():
    spec = importlib.util.spec_from_file_location("evolver_loop", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loop_on_a_tiny_subset_improves_avg(tmp_path: Path):
    result = _loop_module().run_loop(tmp_path, problems=TRAIN + TEST, k=1, ablate=("services",), workers=2)
    json.dumps(result)  # the --json output
    assert result["problems"] == {"train": 2, "test": 1} and result["library_entries"] >= 1
    assert result["avg_before"]["train"]["overall"] == 0.0
    assert result["avg_after"]["train"]["overall"] == 100.0
    assert result["avg_after"]["overall"] > result["avg_before"]["overall"]
    assert result["avg_before"]["test"]["overall"] == result["avg_after"]["test"]["overall"] == 100.0
    for key in ("gap_before", "gap_after"):
        assert set(result[key]) == {"overall", "task", "train", "test"}
        assert set(result[key]["train"]["task"]) == {"localization", "analysis"}
    after = load_run(tmp_path / "after-train").config
    assert after.ablate == ("services",) and after.guidance is not None
    assert after.guidance.path == str(tmp_path / "library.jsonl")
    assert Path(result["report"]).is_file()
