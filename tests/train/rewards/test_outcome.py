"""The verified-outcome reward tells right from wrong decisions by running them on the twin."""

from __future__ import annotations

import json
import pickle
import re

import pytest

from aoi.problems import get_problem
from aoi.problems.solutions import reference_actions
from aoi.train.rewards import OutcomeScores, Row, VerifiedOutcomeReward
from aoi.train.rewards._replay_cache import shell_command

from .conftest import MITIGATION, SOCIAL, call_like_trl, decision, order, probe, row_where

FIX_COMMANDS = [c for c in map(shell_command, reference_actions(get_problem(MITIGATION))[1:]) if c]
DELETE_HEALTHY = f"kubectl delete deployment compose-post-service -n {SOCIAL}"


@pytest.fixture(scope="module")
def reward() -> VerifiedOutcomeReward:
    return VerifiedOutcomeReward()


@pytest.fixture(scope="module")
def fix_row():
    """The step where the runbook ordered its fix: the fault is diagnosed, nothing is changed yet."""
    return row_where(MITIGATION, "executor")


def kinds(reward: VerifiedOutcomeReward, row, completions: list[str]) -> list[tuple[str, float]]:
    outcomes = [reward.assess(c, Row(dict(row))) for c in completions]
    return [(o.kind, o.reward) for o in outcomes if o is not None]


def test_localization_right_services_beat_wrong_ones(reward, localization_row):
    right = decision("submit", submission=["user-service"])
    wrong = decision("submit", submission=["compose-post-service"])
    assert call_like_trl(reward, localization_row, [right, wrong]) == [1.0, -0.5]


def test_mitigation_orders_from_fix_to_harm(reward, fix_row):
    assert FIX_COMMANDS and FIX_COMMANDS[0].startswith("kubectl patch service user-service")
    scale_healthy_to_zero = f"kubectl scale deployment compose-post-service -n {SOCIAL} --replicas=0"
    restart_frontend = f"kubectl rollout restart deployment nginx-thrift -n {SOCIAL}"
    assert kinds(reward, fix_row, [
        order(*FIX_COMMANDS),  # the reference solution
        order(restart_frontend),  # AIOpsLab's plausible wrong fix: harmless, useless
        decision("submit"),  # giving up: submitting before any fix
        order(scale_healthy_to_zero),  # whitelisted, but takes a healthy service down
        order(DELETE_HEALTHY),  # off the Executor's whitelist
        probe(f"kubectl get pods -n {SOCIAL}", DELETE_HEALTHY),  # a write smuggled into a probe
    ]) == [("fixed", 1.0), ("neutral", 0.0), ("abandoned", -1.0), ("harmful", -1.0), ("refused", -1.0),
           ("refused", -1.0)]  # fmt: skip


def test_probes_score_by_the_evidence_they_surface(reward, mitigation_rows):
    first = mitigation_rows[0]  # nothing has run yet
    later = mitigation_rows[2]  # the survey (kubectl get pods/deploy/events/pvc) already ran
    revealing = probe(f"kubectl describe service user-service -n {SOCIAL}")  # TargetPort: 9999
    useless = probe("kubectl get nodes")
    repeated = probe(f"kubectl get pods -n {SOCIAL}")
    failing = probe(f"kubectl logs deploy/no-such-service -n {SOCIAL}")
    assert kinds(reward, first, [revealing, useless]) == [("evidence", 0.5), ("neutral", 0.0)]
    assert kinds(reward, later, [repeated, failing]) == [("neutral", 0.0), ("failed", -0.25)]
    goal_only = decision("probe", probe={"goal": "find the broken service"})  # no planner here: nothing runs
    mixed = probe(f"kubectl describe service user-service -n {SOCIAL}", f"kubectl logs deploy/nope -n {SOCIAL}")
    assert kinds(reward, first, [goal_only, mixed]) == [("failed", -0.25), ("evidence", 0.375)]


def test_evidence_the_prefix_already_showed_earns_nothing(reward, fix_row):
    # The expert's repair step: its probes have shown user-service's targetPort 9999 already, so
    # showing it again is no progress; only a probe before that point earns the evidence score.
    again = probe(f"kubectl describe service user-service -n {SOCIAL}")
    assert kinds(reward, fix_row, [again])[0] == ("neutral", 0.0)
    assert "already showed" in reward.assess(again, Row(dict(fix_row))).detail


def test_an_unparseable_completion_scores_lowest(reward, fix_row):
    assert kinds(reward, fix_row, ["the service looks broken, I would patch it"]) == [("unparseable", -1.0)]


def test_the_executor_is_refused_outside_mitigation(reward, localization_row):
    assert kinds(reward, localization_row, [order(*FIX_COMMANDS)])[0] == ("refused", -1.0)


def test_a_group_costs_one_replay_and_scores_are_deterministic(fix_row):
    reward = VerifiedOutcomeReward(cache_size=2)
    group = [order(*FIX_COMMANDS), probe(f"kubectl describe svc user-service -n {SOCIAL}"), decision("submit"),
             "garbage"] * 2
    first = call_like_trl(reward, fix_row, group)
    assert reward.cache.replays == 1
    assert call_like_trl(reward, fix_row, group[::-1]) == first[::-1]
    assert reward.cache.replays == 1
    assert first[:4] == first[4:] == [1.0, 0.0, -1.0, -1.0]  # the fix's step: the prefix showed the cause


def test_the_cache_keeps_the_most_recent_steps(mitigation_rows):
    reward = VerifiedOutcomeReward(cache_size=1)
    a, b = (Row(dict(r)) for r in mitigation_rows[:2])
    for row in (a, a, b, a):
        reward.assess(decision("submit"), row)
    assert reward.cache.replays == 3 and len(reward.cache) == 1


def test_trl_call_logs_what_each_completion_did(reward, fix_row):
    logged: dict[str, list] = {}
    call_like_trl(reward, fix_row, [order(DELETE_HEALTHY)], log_extra=logged.__setitem__)
    assert logged == {"outcome_kind": ["refused"]}


def test_rows_without_a_twin_step_are_left_to_the_other_rewards(reward):
    assert reward([decision("submit", submission="Yes")], task=["detection"], namespace=[SOCIAL]) == [None]


def test_the_reward_pickles_without_its_twins(reward, fix_row):
    reward.assess(decision("submit"), Row(dict(fix_row)))
    copy = pickle.loads(pickle.dumps(reward))
    assert copy.__name__ == "outcome" and len(copy.cache) == 0 and copy.cache.maxsize == reward.cache.maxsize


def test_scores_must_keep_their_order():
    with pytest.raises(ValueError, match="correct/fixed > evidence"):
        OutcomeScores(wrong=0.2)
    with pytest.raises(ValueError, match="> abandoned/refused"):
        OutcomeScores(abandoned=-0.5)
    with pytest.raises(ValueError, match="out of range: correct"):
        OutcomeScores(correct=2.0)


def test_the_expert_steps_score_well(reward, mitigation_rows):
    """The runbook's own decisions: evidence or neutral probes, a verified fix, a correct submit."""
    scores = [reward.assess(r["reference"], Row(dict(r))) for r in mitigation_rows]
    by_action = {json.loads(r["reference"])["next_action"]: o.kind for r, o in zip(mitigation_rows, scores, strict=True)}
    assert by_action["executor"] == "fixed" and by_action["submit"] == "correct"
    assert all(o.reward >= 0 for o in scores)


def test_a_prefix_with_a_redacted_credential_is_not_replayed(reward, fix_row):
    masked = {**fix_row, "prefix_actions": [*fix_row["prefix_actions"],
                                            'exec_shell("mongo -u root -p <redacted:password> --eval 1")']}
    assert reward([fix_row["reference"]], **{k: [v] for k, v in masked.items()}) == [None]


def test_a_submission_the_episode_rejects_is_no_safe_harbour(reward, fix_row):
    # A mitigation's submit takes no answer: the episode refuses it and carries on, which GRPO
    # once learned to prefer over attempting a repair when a wrong answer cost only -0.5.
    assert kinds(reward, fix_row, [decision("submit", submission="Yes")]) == [("refused", -1.0)]


def _at_last_iteration(row) -> dict:
    """``row`` with its prompt telling the Observer that this iteration is its last one."""
    user = row["prompt"][-1]
    text, count = re.subn(r"^Iteration (\d+) of \d+\.$", r"Iteration \1 of \1.", user["content"], flags=re.MULTILINE)
    assert count == 1
    return {**row, "prompt": [*row["prompt"][:-1], {**user, "content": text}]}


def test_a_repeated_probe_off_mitigation_wastes_an_iteration(reward, localization_row):
    # At the expert's submission step the survey has run; asking for it again finds nothing new.
    repeated = probe(f"kubectl get pods -n {SOCIAL}")
    useless = probe("kubectl get nodes")
    half_failed = probe(f"kubectl get pods -n {SOCIAL}", f"kubectl logs deploy/nope -n {SOCIAL}")
    assert kinds(reward, localization_row, [repeated, useless, half_failed]) == [
        ("redundant", -0.25), ("neutral", 0.0), ("redundant", -0.375)]


def test_anything_but_an_answer_at_the_last_iteration_abandons_the_episode(reward, localization_row, fix_row):
    last = _at_last_iteration(localization_row)
    right = decision("submit", submission=["user-service"])
    wrong = decision("submit", submission=["compose-post-service"])
    revealing = probe(f"kubectl describe service user-service -n {SOCIAL}")
    assert call_like_trl(reward, last, [right, wrong, revealing]) == [1.0, -0.5, -1.0]
    assert call_like_trl(reward, localization_row, [revealing]) != [-1.0]  # not the last: scored by its evidence
    # A mitigation episode is judged on the cluster, answer or not: the last order still counts.
    assert call_like_trl(reward, _at_last_iteration(fix_row), [order(*FIX_COMMANDS)]) == [1.0]
