"""The public surface of `aoi.train.rewards` is pinned, and importing it loads neither torch nor TRL."""

from __future__ import annotations

import subprocess
import sys

import aoi.train.rewards as rewards

EXPORTED = {
    "ANOMALY_SIGNALS", "DIMENSIONS", "FORMAT_SCORES", "JUDGED_DIMENSIONS", "PAPER_WEIGHTS",
    "PARSE_FAILURE_REWARD", "REWARD_FUNCTIONS", "Health", "JudgeReward", "Outcome", "OutcomeScores",
    "EpisodeReturnReward", "PrefixError", "ReplayCache", "RewardBuilder", "RewardFunc", "RootCause", "Row", "StepScore",
    "UnknownReward", "VerifiedOutcomeReward", "WeightedReward", "build_reward", "build_rewards",
    "completion_text", "confidence_band", "count_json_objects", "format_reward", "format_score", "health",
    "normalise_submission", "root_cause", "rows_of", "solved", "surfaces_root_cause", "weighted",
}  # fmt: skip


def test_exported_members():
    assert set(rewards.__all__) == EXPORTED
    assert all(hasattr(rewards, name) for name in EXPORTED)


def test_import_loads_neither_torch_nor_trl():
    code = "import sys, aoi.train.rewards; print(sorted({'torch', 'trl'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
