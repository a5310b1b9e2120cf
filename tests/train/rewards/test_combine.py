"""Rewards by name for trainer configs, and weighted sums that skip rewards which do not apply."""

from __future__ import annotations

import json

import pytest

from aoi.llm import ScriptedChatClient
from aoi.train.rewards import (
    REWARD_FUNCTIONS,
    JudgeReward,
    UnknownReward,
    VerifiedOutcomeReward,
    build_rewards,
    format_reward,
    weighted,
)

from .conftest import call_like_trl, decision


def test_build_rewards_gives_trl_its_functions_and_weights():
    client = ScriptedChatClient([])
    funcs, weights = build_rewards({"outcome": 1.0, "format": 0.2, "judge": 0.5}, judge_client=client,
                                   outcome={"cache_size": 4}, judge={"max_workers": 2})
    assert [f.__name__ for f in funcs] == ["outcome", "format_reward", "judge"]
    assert weights == [1.0, 0.2, 0.5]
    assert isinstance(funcs[0], VerifiedOutcomeReward) and funcs[0].cache.maxsize == 4
    assert isinstance(funcs[2], JudgeReward) and funcs[2].client is client and funcs[2].max_workers == 2
    assert set(REWARD_FUNCTIONS) == {"format", "outcome", "return", "judge"}


@pytest.mark.parametrize(("spec", "options", "error", "message"), [
    ({"style": 1.0}, {}, UnknownReward, "expected one of format, outcome, return, judge"),
    ({"judge": 1.0}, {}, ValueError, "needs a chat client"),
    ({"format": 1.0}, {"outcome": {}}, ValueError, "not in the spec: outcome"),
    ({"format": 1.0}, {"format": {"strict": True}}, TypeError, "takes no options"),
])  # fmt: skip
def test_bad_specs_say_what_to_change(spec, options, error, message):
    with pytest.raises(error, match=message):
        build_rewards(spec, **options)


def test_weighted_sums_what_applies(localization_row):
    right = decision("submit", submission=["user-service"], confidence=100)
    combined = weighted({"outcome": 0.5, format_reward: 0.25})
    assert combined.__name__ == "weighted_outcome_format_reward"
    assert call_like_trl(combined, localization_row, [right, "no JSON"]) == [0.5 * 1.0 + 0.25, 0.5 * -1.0]
    # a row the outcome reward cannot replay: only the format reward applies
    assert combined([right], task=["localization"], namespace=["test-social-network"]) == [0.25]
    assert weighted({"outcome": 1.0})(["x"], task=["detection"]) == [None]


def test_weighted_builds_a_named_judge(localization_row):
    judged = weighted({"judge": 1.0}, judge_client=ScriptedChatClient([]), name="paper")
    right = json.dumps({"phase": "submit", "hypothesis": "h", "confidence": 100, "next_action": "submit",
                        "submission": ["user-service"]})
    assert judged.__name__ == "paper" and call_like_trl(judged, localization_row, [right]) == [1.0]
