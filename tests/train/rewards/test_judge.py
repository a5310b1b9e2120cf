"""The paper's judged step reward: rules for format and submit steps, a judge model for the rest."""

from __future__ import annotations

import json
import logging

import pytest

from aoi.agents.contracts import ObserverDecision
from aoi.llm import ChatMessage, OpenAICompatibleClient, ScriptedChatClient
from aoi.train.rewards import JudgeReward, Row, confidence_band, count_json_objects, normalise_submission

from .conftest import call_like_trl, decision, probe

GOOD = {"summary": 9, "action": 10, "context_instruction": 9, "context_namespace": 10, "confidence": 8}
POOR = {"summary": 2, "action": 3, "context_instruction": 1, "context_namespace": 2, "confidence": 4}


def fair_judge(messages: list[ChatMessage]) -> str:
    """A scripted judge: high marks when the candidate's decision is the expert's, low otherwise."""
    text = messages[-1].content
    expert = text.split("## The expert's decision\n")[1].split("\n\n## ")[0]
    candidate = text.split("## The candidate's decision\n")[1].split("\n\n")[0]
    return json.dumps({**(GOOD if expert == candidate else POOR), "reason": "compared"})


@pytest.fixture(scope="module")
def probe_row(mitigation_rows):
    """A judged step: the expert probed, at iteration 2."""
    return next(r for r in mitigation_rows if r["iteration"] == 2)


def test_a_matching_candidate_beats_a_mismatching_one(probe_row):
    judge = JudgeReward(ScriptedChatClient(fair_judge), max_workers=2)
    matching, mismatching = probe_row["reference"], probe("kubectl get nodes")
    high, low = call_like_trl(judge, probe_row, [matching, mismatching])
    assert high == pytest.approx((0.10 * 10 + 0.15 * 9 + 0.10 * 10 + 0.30 * 9 + 0.30 * 10 + 0.05 * 8) / 10)
    assert low == pytest.approx((0.10 * 10 + 0.15 * 2 + 0.10 * 3 + 0.30 * 1 + 0.30 * 2 + 0.05 * 4) / 10)


def test_the_judge_sees_the_situation_both_decisions_and_the_band(probe_row):
    client = ScriptedChatClient(fair_judge)
    JudgeReward(client).score(probe_row["prompt"], probe("kubectl get nodes"), Row(dict(probe_row)))
    prompt = client.calls[0][-1].content
    assert probe_row["prompt"][-1]["content"][-200:] in prompt
    assert ObserverDecision.model_validate_json(probe_row["reference"]).model_dump_json(exclude_none=True) in prompt
    assert '"commands":["kubectl get nodes"]' in prompt and "band at this point: 0-30" in prompt


def test_submit_steps_are_scored_by_rule_without_a_judge(localization_row):
    client = ScriptedChatClient([])
    judge = JudgeReward(client)
    right = decision("submit", submission=["User-Service "], confidence=100)
    right_unsure = decision("submit", submission=["user-service"], confidence=50)
    wrong = decision("submit", submission=["compose-post-service"], confidence=100)
    scores = call_like_trl(judge, localization_row, [right, right_unsure, wrong, probe("kubectl get pods")])
    # summary is skipped on a submit step: weights 0.10 + 0.10 + 0.30 + 0.30 + 0.05 remain
    assert scores == pytest.approx([1.0, 0.80 / 0.85, 0.15 / 0.85, 0.10 / 0.85])
    assert client.calls == []


def test_format_by_rule_and_a_parse_failure_is_0_09(localization_row):
    judge = JudgeReward(ScriptedChatClient([]))
    right = decision("submit", submission=["user-service"], confidence=100)
    assert call_like_trl(judge, localization_row, [f"{right}\n{right}", "no JSON here"]) == pytest.approx(
        [(0.85 - 0.05) / 0.85, 0.09])


def test_a_malformed_judge_reply_is_asked_again_once(probe_row):
    client = ScriptedChatClient(["I think it is fine", json.dumps(GOOD)])
    score = JudgeReward(client).score(probe_row["prompt"], probe("kubectl get nodes"), Row(dict(probe_row)))
    assert score is not None and score.note == "judged" and score.scores["action"] == 10
    assert len(client.calls) == 2 and "could not be used" in client.calls[1][-1].content


@pytest.mark.parametrize("replies", [
    ["not JSON", '{"summary": 11}'],  # malformed twice
    [],  # the endpoint answers nothing (ScriptExhausted is an LLMError)
])  # fmt: skip
def test_no_usable_judge_reply_scores_neutrally_and_says_why(probe_row, replies, caplog):
    judge = JudgeReward(ScriptedChatClient(replies))
    with caplog.at_level(logging.WARNING, logger="aoi.train.rewards._judge"):
        score = judge.score(probe_row["prompt"], probe("kubectl get nodes"), Row(dict(probe_row)))
    assert score is not None and score.note.startswith("neutral")
    assert score.reward == pytest.approx(0.10 + 0.90 * 0.5)
    assert "neutral" in caplog.text


def test_identical_candidates_in_a_group_are_judged_once(probe_row):
    client = ScriptedChatClient(fair_judge)
    scores = call_like_trl(JudgeReward(client), probe_row, [probe_row["reference"]] * 4)
    assert len(set(scores)) == 1 and len(client.calls) == 1


def test_weights_are_configurable(probe_row):
    only_format = {"summary": 0, "action": 0, "context_instruction": 0, "context_namespace": 0, "confidence": 0}
    judge = JudgeReward(ScriptedChatClient(fair_judge), weights=only_format)
    assert call_like_trl(judge, probe_row, [probe("kubectl get nodes")]) == [1.0]
    with pytest.raises(ValueError, match="unknown judge dimension"):
        JudgeReward(ScriptedChatClient([]), weights={"style": 1.0})


def test_rows_without_a_reference_are_skipped():
    assert JudgeReward(ScriptedChatClient([]))([probe("kubectl get pods")], task=["detection"]) == [None]


def test_a_judge_over_http(chat_server, probe_row):
    server = chat_server([json.dumps(GOOD)])
    judge = JudgeReward(OpenAICompatibleClient(server.base_url, "judge-model"))
    assert call_like_trl(judge, probe_row, [probe_row["reference"]]) == [pytest.approx(0.945)]
    assert server.requests[0].body["temperature"] == 0.0


def test_helpers():
    assert count_json_objects('say {"a": 1} and {"b": {"c": 2}} then {broken') == 2
    assert normalise_submission(["Geo", " mongodb-geo"]) == normalise_submission(["mongodb-geo", "geo"])
    reference = ObserverDecision.model_validate_json(decision("probe", probe={"goal": "g", "commands": ["x"]}))
    assert [confidence_band(i, reference) for i in (2, 6)] == [(0, 30), (40, 70)]
