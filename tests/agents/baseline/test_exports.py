"""The public surface of `aoi.agents.baseline` is pinned."""

import aoi.agents.baseline as module


def test_exported_members():
    assert set(module.__all__) == {
        "BaselineConfig",
        "run_baseline",
        "run_baseline_result",
        "system_prompt",
        "trim_history",
    }
