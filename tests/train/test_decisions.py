"""score_decisions: the expert's own decisions score well, junk and wrong answers score badly."""

from __future__ import annotations

import json

import pytest

from aoi.agents.registry import run_agent
from aoi.llm import ScriptedChatClient
from aoi.train.decisions import distinct_steps, score_decisions
from aoi.train.samples import step_samples

LOCALIZATION = "k8s_target_port-misconfig-localization-1"  # answer: ["user-service"]


@pytest.fixture(scope="module")
def rows() -> list:
    result = run_agent("runbook", LOCALIZATION, seed=0)
    assert result.success and result.trajectory is not None
    return list(step_samples(result.trajectory, purify=False))


def test_the_expert_scores_above_a_wrong_answer_and_junk(rows: list):
    by_prompt = {json.dumps(row["prompt"]): row["reference"] for row in rows}
    expert = score_decisions(ScriptedChatClient(lambda messages: by_prompt[_key(messages)]), rows)
    assert expert.kinds["correct"] == 1 and expert.kinds["unparseable"] == 0
    wrong = json.dumps({"phase": "submit", "hypothesis": "h", "confidence": 90, "next_action": "submit",
                        "summary": "s", "submission": ["compose-post-service"]})  # fmt: skip
    guesser = score_decisions(ScriptedChatClient(lambda messages: wrong), rows)
    junk = score_decisions(ScriptedChatClient(lambda messages: "I think the cluster is fine"), rows)
    assert guesser.kinds == {"wrong": len(rows)} and junk.kinds == {"unparseable": len(rows)}
    assert expert.mean_reward > guesser.mean_reward > junk.mean_reward == -1.0
    assert set(expert.as_dict()["by_task"]) == {"localization"}


def test_balanced_copies_are_scored_once(rows: list):
    assert distinct_steps([*rows, *rows[:2]]) == rows


def _key(messages: list) -> str:
    return json.dumps([{"role": m.role, "content": m.content} for m in messages])
