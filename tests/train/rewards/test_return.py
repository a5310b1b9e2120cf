"""EpisodeReturnReward: the step rebuilt whole from the prefix, the candidate, then a policy finishes.

The continuation here is the runbook (it solves every problem from any step it can read), so a
decision is worth 1 exactly when the episode can still be won after it.
"""

from __future__ import annotations

import json

import pytest

from aoi.agents.contracts import ObserverContext, ObserverDecision
from aoi.agents.registry import build_observer
from aoi.agents.runtime import reset_observer
from aoi.train.rewards import EpisodeReturnReward, build_reward
from aoi.train.samples import replayed_decision

from .conftest import LOCALIZATION, MITIGATION, call_like_trl, decision, order, runbook_rows

WRONG = decision("submit", submission={"localization": ["compose-post-service"]})


class Recording:
    """The runbook, keeping every context it is shown."""

    def __init__(self, seed: int) -> None:
        self.runbook = build_observer("runbook", seed=seed)
        self.contexts: list[ObserverContext] = []

    def reset(self, problem_summary: str) -> None:
        reset_observer(self.runbook, problem_summary)

    def decide(self, context: ObserverContext) -> ObserverDecision:
        self.contexts.append(context)
        return self.runbook.decide(context)


@pytest.fixture()
def recorded() -> list[Recording]:
    return []


@pytest.fixture()
def reward(recorded: list[Recording]) -> EpisodeReturnReward:
    def runbook(seed: int) -> Recording:
        recorded.append(Recording(seed))
        return recorded[-1]

    return EpisodeReturnReward(runbook, max_iterations=15)


def test_a_submission_scores_the_oracle_verdict_and_garbage_scores_lowest(reward):
    rows = runbook_rows(LOCALIZATION)
    last = rows[-1]
    right = last["reference"]
    assert json.loads(right)["next_action"] == "submit"
    assert call_like_trl(reward, last, [right, WRONG, "no decision here"]) == [1.0, 0.0, -1.0]


def test_a_probe_is_worth_what_the_policy_makes_of_the_episode_after_it(reward):
    first = runbook_rows(LOCALIZATION)[0]
    # A probe lets the runbook go on and solve it; answering blind, before any evidence, loses.
    assert call_like_trl(reward, first, [first["reference"], WRONG]) == [1.0, 0.0]


def test_a_wrong_repair_the_policy_cannot_undo_in_time_scores_nothing():
    rows = runbook_rows(MITIGATION)
    repair = next(r for r in rows if json.loads(r["reference"])["next_action"] == "executor")
    # The policy is allowed no further decision: an order that does not fix leaves the incident open.
    strict = EpisodeReturnReward(lambda seed: build_observer("runbook", seed=seed),
                                 max_iterations=repair["iteration"])  # fmt: skip
    useless = order("kubectl get pods -n test-social-network")
    assert call_like_trl(strict, repair, [repair["reference"], useless])[1] == 0.0


def test_the_step_is_rebuilt_as_the_policy_saw_it(reward, recorded):
    rows = runbook_rows(LOCALIZATION)
    step, following = rows[1], rows[2]
    call_like_trl(reward, step, [step["reference"]])
    # After the expert's own decision, the continuation is shown exactly the expert's next context.
    shown = recorded[0].contexts[0].render()
    assert shown in following["prompt"][-1]["content"]


def test_identical_candidates_share_one_episode(reward):
    row = runbook_rows(LOCALIZATION)[-1]
    spaced = json.dumps(json.loads(row["reference"]), indent=2)  # the same decision, written differently
    assert call_like_trl(reward, row, [row["reference"], spaced, row["reference"]]) == [1.0, 1.0, 1.0]
    assert reward.episodes == 1


def test_a_policy_that_changed_version_plays_the_episode_again():
    class Training:
        version = 1

        def __call__(self, seed: int) -> object:
            return build_observer("runbook", seed=seed)

    policy = Training()
    reward = EpisodeReturnReward(policy, max_iterations=15)
    row = runbook_rows(LOCALIZATION)[-1]
    call_like_trl(reward, row, [row["reference"]])
    call_like_trl(reward, row, [row["reference"]])
    assert reward.episodes == 1
    policy.version = 2  # new weights: the value of the old ones is stale
    call_like_trl(reward, row, [row["reference"]])
    assert reward.episodes == 2


def test_rows_it_cannot_rebuild_score_none(reward):
    row = dict(runbook_rows(LOCALIZATION)[1])
    legacy = {k: v for k, v in row.items() if k != "prefix_decisions"}
    masked = {**row, "prefix_decisions": [d.replace("test-social-network", "<redacted:token>")
                                          for d in row["prefix_decisions"]]}  # fmt: skip
    assert call_like_trl(reward, legacy, [row["reference"]]) == [None]
    assert call_like_trl(reward, masked, [row["reference"]]) == [None]


def test_prefix_decisions_read_back_refusals_too():
    assert isinstance(replayed_decision(runbook_rows(LOCALIZATION)[1]["prefix_decisions"][0]), ObserverDecision)
    refusal = replayed_decision(json.dumps({"rejected": "expected one JSON dict"}))
    assert isinstance(refusal, ValueError) and str(refusal) == "expected one JSON dict"


def test_by_name_it_needs_a_policy():
    with pytest.raises(ValueError, match="continuation policy"):
        build_reward("return")
    assert build_reward("return", policy="hf:runs/sft").policy == "hf:runs/sft"
