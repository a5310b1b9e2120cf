"""The schema: field rules, AIOpsLab's success verdict, token totals and summaries."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aoi.trajectories import Role, Status, Step, Trajectory, aiopslab_success

from .conftest import make_trajectory


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ({"Detection Accuracy": "Correct"}, True),
        ({"Detection Accuracy": "Incorrect", "success": True}, False),  # detection ignores "success"
        ({"Detection Accuracy": "Invalid Format"}, False),
        ({"Localization Accuracy": 100.0, "success": True}, True),
        ({"success": False, "strict_success": True}, False),
        ({}, False),
    ],
)
def test_success_follows_aiopslab(results, expected):
    assert aiopslab_success(results) is expected
    assert make_trajectory(results=results).success is expected


def test_total_tokens_and_summary(trajectory):
    assert trajectory.total_tokens == 5 * 15
    summary = trajectory.summary()
    assert (summary.id, summary.n_steps, summary.total_tokens, summary.success) == (trajectory.id, 5, 75, True)
    assert summary.problem_id == trajectory.problem_id and summary.status is Status.FINISHED


def test_defaults_give_a_running_trajectory_with_a_fresh_id():
    a, b = Trajectory(problem_id="p"), Trajectory(problem_id="p")
    assert a.status is Status.RUNNING and a.steps == [] and a.results == {} and a.submission is None
    assert a.id != b.id


@pytest.mark.parametrize(
    "fields",
    [
        {"index": -1, "role": "probe"},
        {"index": 0, "role": "planner"},
        {"index": 0, "role": "probe", "verdict": "maybe"},
        {"index": 0, "role": "probe", "tokens_in": -3},
        {"index": 0, "role": "probe", "duration_s": -1.0},
        {"index": 0, "role": "probe", "comand": "typo"},
    ],
)
def test_bad_steps_are_rejected(fields):
    with pytest.raises(ValidationError):
        Step(**fields)


def test_roles_and_statuses_are_the_plan_s():
    assert [r.value for r in Role] == ["observer", "probe", "executor", "compressor", "agent", "env"]
    assert [s.value for s in Status] == ["running", "finished", "interrupted", "failed"]


def test_json_round_trip_keeps_everything(trajectory):
    again = Trajectory.model_validate_json(trajectory.model_dump_json())
    assert again == trajectory
