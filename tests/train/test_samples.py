"""Step samples follow the schema, prompt as the LLM Observer does, and replay to the recorded state."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from aoi.agents.contracts import ObserverDecision
from aoi.agents.llm_observer import LLMObserver
from aoi.env import run_actions
from aoi.llm import ScriptedChatClient
from aoi.safety.redact import EXPORT_REDACTOR
from aoi.train.samples import COLUMNS, balance, count_by, source_of, step_samples
from aoi.train.timeline import Command, decisions

from .scripted_runs import DETECTION, FIX, MITIGATION, runbook_run, scripted_run

_FAILED = "[ERROR] Command execution failed: "  # AIOpsLab's prefix, which the runtime strips from raw output
RUNBOOK = ("k8s_target_port-misconfig-detection-1", "revoke_auth_mongodb-mitigation-1")


def test_rows_have_exactly_the_schema():
    trajectory, _ = runbook_run(RUNBOOK[1])
    rows = step_samples(trajectory)
    assert rows
    for row in rows:
        assert tuple(row) == COLUMNS
        assert [m["role"] for m in row["prompt"]] == ["system", "user"]
        assert row["completion"] == [{"role": "assistant", "content": row["reference"]}]
        assert (row["problem_id"], row["seed"], row["noise"], row["task"], row["split"], row["source"]) == (
            RUNBOOK[1], 0, "realistic", "mitigation", "test", "runbook")
        assert row["namespace"] == "test-hotel-reservation" and row["trajectory_id"] == trajectory.id
        assert all(isinstance(a, str) and a.startswith(("exec_shell(", "submit(")) for a in row["prefix_actions"])


@pytest.mark.parametrize("problem_id", RUNBOOK)
def test_the_prompt_is_what_the_llm_observer_sends(problem_id):
    trajectory, contexts = runbook_run(problem_id)
    observer = LLMObserver(ScriptedChatClient([]))
    for row in step_samples(trajectory):
        sent = [m.model_dump() for m in observer.messages(contexts[row["iteration"]])]
        # Training rows are redacted: the prompt is what the Observer saw, credentials masked.
        assert row["prompt"] == [{**m, "content": EXPORT_REDACTOR.redact(m["content"])} for m in sent]


def test_the_target_is_the_recorded_decision_without_its_empty_parts():
    trajectory, _ = runbook_run(RUNBOOK[0])
    recorded = {d.iteration: d.decision for d in decisions(trajectory)}
    for row in step_samples(trajectory):
        assert ObserverDecision.model_validate_json(row["reference"]) == recorded[row["iteration"]]
        assert None not in json.loads(row["reference"]).values()


def _check_replay(problem_id: str, seed: int, prefix: list[str], last: Command | None, following: Command) -> None:
    """Replaying ``prefix`` then ``following`` answers both as recorded."""
    results = run_actions(problem_id, [*prefix, following.action], seed=seed, max_steps=len(prefix) + 2)
    observed = [r.observation.removeprefix(_FAILED) for r in results]
    assert len(observed) == len(prefix) + 1
    assert observed[-1] == following.raw  # the state the decision was taken in, clock included
    if last is not None and last.role != "submit":
        assert observed[-2] == last.raw


@pytest.mark.parametrize("run", [*RUNBOOK, "scripted-mitigation"])
def test_replaying_the_prefix_rebuilds_the_recorded_state(run):
    trajectory = scripted_run(MITIGATION) if run == "scripted-mitigation" else runbook_run(run)[0]
    timeline = decisions(trajectory)
    for row in step_samples(trajectory, purify=False):
        i = next(i for i, d in enumerate(timeline) if d.iteration == row["iteration"])
        before = [c for d in timeline[:i] for c in d.commands if c.replayed]
        assert row["prefix_actions"] == [EXPORT_REDACTOR.redact(c.action) for c in before]
        following = next((c for c in timeline[i].commands if c.replayed), None)
        # A masked credential cannot replay as it ran; the outcome reward refuses such rows.
        if following is not None and not any("<redacted:" in a for a in row["prefix_actions"]):
            _check_replay(trajectory.problem_id, trajectory.seed, row["prefix_actions"],
                          before[-1] if before else None, following)


def test_a_rolled_back_order_leaves_its_undone_actions_out():
    trajectory = scripted_run(MITIGATION)
    timeline = decisions(trajectory)
    rolled_back = timeline[1]
    assert rolled_back.order_status == "rolled-back"
    assert [(c.command, c.undone) for c in rolled_back.commands][1:] == [
        (FIX, True), ("kubectl get pod nope -n test-social-network", True)]
    row = next(r for r in step_samples(trajectory) if r["iteration"] == 3)
    assert not any(FIX in action for action in row["prefix_actions"])
    # Replaying the undone actions too would show the state the rollback threw away.
    everything = [c.action for d in timeline[:2] for c in d.commands if c.ran]
    following = timeline[2].commands[0]
    results = run_actions(MITIGATION, [*everything, following.action], seed=trajectory.seed, max_steps=20)
    assert results[-1].observation != following.raw


def test_without_purifying_every_valid_decision_is_a_row():
    trajectory = scripted_run(DETECTION)
    assert [r["iteration"] for r in step_samples(trajectory, purify=False)] == [1, 3, 4, 5, 6, 7, 8, 9]
    assert [r["iteration"] for r in step_samples(trajectory)] == [1, 8, 9]


def test_the_source_comes_from_the_agent_unless_given():
    trajectory = scripted_run(DETECTION)
    assert source_of(trajectory) == "llm"
    assert source_of(trajectory.model_copy(update={"agent": "evolver-offline"})) == "evolver"
    assert {r["source"] for r in step_samples(trajectory, source="evolver")} == {"evolver"}
    with pytest.raises(ValueError, match="expected one of runbook, llm, evolver"):
        step_samples(trajectory, source="human")  # type: ignore[arg-type]


def _rows(**sizes: int) -> list[dict]:
    return [{"task": task, "problem_id": f"{task}-{i}"} for task, n in sizes.items() for i in range(n)]


def test_balance_upsamples_every_task_to_the_largest():
    rows = _rows(detection=7, analysis=3, mitigation=2)
    balanced = balance(rows)  # type: ignore[arg-type]
    assert count_by(balanced, "task") == {"analysis": 7, "detection": 7, "mitigation": 7}  # type: ignore[arg-type]
    copies = Counter(r["problem_id"] for r in balanced if r["task"] == "analysis")
    assert set(copies.values()) == {2, 3}  # whole copies, then distinct extra rows
    assert balance(rows, seed=0) == balanced  # type: ignore[arg-type]
    assert any(balance(rows, seed=s) != balanced for s in range(1, 5))  # type: ignore[arg-type]


def test_balance_can_cap_groups_and_balance_other_columns():
    rows = _rows(detection=7, analysis=3, mitigation=2)
    capped = balance(rows, cap=4)  # type: ignore[arg-type]
    assert count_by(capped, "task") == {"analysis": 4, "detection": 4, "mitigation": 4}  # type: ignore[arg-type]
    assert len({r["problem_id"] for r in capped if r["task"] == "detection"}) == 4  # drawn without replacement
    assert len(balance(rows, by="problem_id")) == len(rows)  # type: ignore[arg-type]
    assert balance([]) == []
    with pytest.raises(ValueError, match="cannot balance by 'colour'"):
        balance(rows, by="colour")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cap must be at least 1"):
        balance(rows, cap=0)  # type: ignore[arg-type]
