"""The public surface of `aoi.agents.baseline` is pinned."""

import aoi.agents.baseline as module


def test_exported_members():
    assert set(module.__all__) == {"SHELL_ONLY_DOCS", "BaselineConfig", "run_baseline", "trim_history"}
