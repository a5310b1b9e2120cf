"""Exports: JSONL round trips and errors, per-step rows, AIOpsLab session JSON."""

from __future__ import annotations

import json

import pytest

from aoi.env import SessionRecord, parse_action
from aoi.trajectories import (
    Role,
    Step,
    Trajectory,
    TrajectoryFileError,
    TrajectoryStore,
    from_jsonl,
    to_aiopslab_session,
    to_jsonl,
    to_steps_jsonl,
)

from .conftest import make_trajectory


def test_jsonl_round_trip(tmp_path, trajectory):
    other = make_trajectory(problem_id="other", submission={"system_level": "Application"}, steps=[])
    path = tmp_path / "out" / "t.jsonl"
    assert to_jsonl([trajectory, other], path) == 2
    assert from_jsonl(path) == [trajectory, other]
    assert not list(tmp_path.glob("out/*.partial"))


def test_jsonl_is_one_object_per_line_in_stable_key_order(tmp_path, trajectory):
    path = tmp_path / "t.jsonl"
    to_jsonl([trajectory], path)
    first = path.read_bytes()
    to_jsonl(from_jsonl(path), path)
    assert path.read_bytes() == first
    lines = first.decode().splitlines()
    assert len(lines) == 1
    assert list(json.loads(lines[0]))[:3] == ["id", "problem_id", "task"]


def test_store_to_jsonl_and_back_into_another_store(tmp_path, trajectory):
    with TrajectoryStore(tmp_path / "a.db") as a:
        a.start(trajectory)
        to_jsonl(a.iter_trajectories(), tmp_path / "t.jsonl")
    with TrajectoryStore(tmp_path / "b.db") as b:
        for t in from_jsonl(tmp_path / "t.jsonl"):
            b.start(t)
        assert b.get(trajectory.id) == trajectory


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        ("{not json", r"t\.jsonl:2: not valid JSON: Expecting property name"),
        ('{"id": "x"}', r"t\.jsonl:2: not a trajectory: problem_id: Field required"),
        ('{"problem_id": "p", "steps": [{"index": 0, "role": "wizard"}]}', r"t\.jsonl:2: not a trajectory: steps\.0\.role"),
        ("[1, 2]", r"t\.jsonl:2: not a trajectory: top level"),
    ],
)  # fmt: skip
def test_malformed_lines_name_their_line_number(tmp_path, trajectory, second_line, message):
    path = tmp_path / "t.jsonl"
    path.write_text(trajectory.model_dump_json() + "\n" + second_line + "\n")
    with pytest.raises(TrajectoryFileError, match=message) as info:
        from_jsonl(path)
    assert "\n" not in str(info.value)


def test_blank_lines_are_skipped_and_numbering_stays_true(tmp_path, trajectory):
    path = tmp_path / "t.jsonl"
    path.write_text("\n" + trajectory.model_dump_json() + "\n\n   \n{oops\n")
    with pytest.raises(TrajectoryFileError, match=r":5: not valid JSON"):
        from_jsonl(path)


def test_unreadable_files(tmp_path):
    with pytest.raises(TrajectoryFileError, match="cannot read trajectory file"):
        from_jsonl(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"problem_id": "p"}\n\xff\xfe\n')
    with pytest.raises(TrajectoryFileError, match=r"bad\.jsonl:2: not UTF-8"):
        from_jsonl(bad)


def test_a_failed_export_leaves_the_previous_file(tmp_path, trajectory):
    path = tmp_path / "t.jsonl"
    to_jsonl([trajectory], path)
    before = path.read_bytes()

    def broken():
        yield trajectory
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        to_jsonl(broken(), path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.partial"))


def test_steps_jsonl_has_one_row_per_step_with_its_trajectory(tmp_path, trajectory):
    other = make_trajectory(problem_id="other", results={"success": False})
    path = tmp_path / "steps.jsonl"
    assert to_steps_jsonl([trajectory, other], path) == 10
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(r["problem_id"], r["index"]) for r in rows[4:6]] == [(trajectory.problem_id, 4), ("other", 0)]
    assert [r["success"] for r in rows] == [True] * 5 + [False] * 5
    assert list(rows[0])[:4] == ["trajectory_id", "problem_id", "task", "app"]
    assert rows[1]["command"] == "kubectl get pods -n test-social-network" and rows[1]["role"] == "probe"
    assert Step.model_validate({k: v for k, v in rows[4].items() if k in Step.model_fields}) == trajectory.steps[4]


def test_session_holds_what_crossed_the_environment_boundary(trajectory):
    session = to_aiopslab_session(trajectory)
    assert list(session) == ["agent", "session_id", "problem_id", "start_time", "end_time", "trace", "results"]
    assert session["session_id"] == trajectory.id and session["agent"] == "aoi"
    assert (session["start_time"], session["end_time"]) == (trajectory.started_at, trajectory.ended_at)
    assert session["results"] == trajectory.results
    # Observer planning, compression and the denied command stay out; the probe and the submit go in.
    trace = session["trace"]
    assert [item["role"] for item in trace] == ["assistant", "env", "assistant", "env"]
    probe, submit = parse_action(trace[0]["content"]), parse_action(trace[2]["content"])
    assert (probe.api, probe.args) == ("exec_shell", ["kubectl get pods -n test-social-network"])
    assert (submit.api, submit.args) == ("submit", ["Yes"])
    assert trace[1]["content"].startswith("NAME READY STATUS")
    assert SessionRecord.model_validate(session).trace[1].role == "env"


def test_single_agent_session_keeps_raw_responses():
    steps = [
        Step(index=0, role=Role.ENV, output="Problem description ..."),
        Step(index=1, role=Role.AGENT, output='Let me look.\n```\nexec_shell("kubectl get pods")\n```',
             command="kubectl get pods", verdict="read", observation="No resources found."),
        Step(index=2, role=Role.AGENT, output="I am not sure", error="unparsable"),
    ]  # fmt: skip
    session = to_aiopslab_session(Trajectory(problem_id="p", agent="react", steps=steps))
    assert session["trace"] == [
        {"role": "env", "content": "Problem description ..."},
        {"role": "assistant", "content": steps[1].output},
        {"role": "env", "content": "No resources found."},
        {"role": "assistant", "content": "I am not sure"},
        {"role": "env", "content": ""},
    ]
    assert session["end_time"] is None and session["results"] == {}


def test_session_saves_as_aiopslab_names_it(tmp_path, trajectory):
    path = SessionRecord.model_validate(to_aiopslab_session(trajectory)).save(tmp_path)
    assert path.name == f"{trajectory.id}_{trajectory.started_at}.json"
    assert SessionRecord.load(path).problem_id == trajectory.problem_id
