"""The format reward follows the LLM Observer's parser and the step's task type."""

from __future__ import annotations

import doctest
import json

from aoi.train.rewards import _format, format_reward

from .conftest import MITIGATION, call_like_trl, decision, order, row_where


def test_valid_beats_schema_breaking_beats_no_json(localization_row):
    valid = decision("submit", submission=["user-service"])
    wrapped = f"Here is my decision:\n```json\n{valid}\n```"
    no_answer = decision("submit")  # a localization submit needs a list
    half = json.dumps({"phase": "survey", "next_action": "probe"})
    assert call_like_trl(format_reward, localization_row, [valid, wrapped, no_answer, half, "I give up"]) == [
        1.0, 1.0, 0.5, 0.35, 0.0]  # fmt: skip


def test_a_decision_that_does_not_fit_the_step_scores_less(localization_row):
    mitigation_row = row_where(MITIGATION, "executor")
    fix = order("kubectl rollout restart deployment user-service -n test-social-network")
    assert call_like_trl(format_reward, mitigation_row, [fix]) == [1.0]
    assert call_like_trl(format_reward, localization_row, [fix]) == [0.6]  # the Executor is for mitigation


def test_expert_references_are_valid(mitigation_rows):
    row = mitigation_rows[0]
    completions = [r["reference"] for r in mitigation_rows]
    assert format_reward(completions, **{k: [row[k]] * len(completions) for k in ("task", "namespace")}) == [
        1.0] * len(completions)  # fmt: skip


def test_docstring_example():
    assert doctest.testmod(_format).failed == 0
