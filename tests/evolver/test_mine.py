from __future__ import annotations

from aoi.trajectories import Role

from .conftest import SCRIPTS, SUCCESS


def test_every_failed_sample_is_mined_and_successes_are_not(cases):
    assert {c.problem_id for c in cases} == set(SCRIPTS)
    assert SUCCESS not in {c.problem_id for c in cases}


def test_each_scripted_failure_gets_its_pattern(cases):
    found = {c.problem_id: c.pattern for c in cases}
    assert found == {pid: pattern for pid, (_, pattern) in SCRIPTS.items()}


def test_the_step_where_it_went_wrong_points_at_the_right_kind_of_step(cases):
    by_pattern = {c.pattern: c for c in cases}
    step = lambda c: c.trajectory.steps[c.step_index]  # noqa: E731
    assert step(by_pattern["F"]).role is Role.EXECUTOR and step(by_pattern["F"]).verdict == "write"
    assert step(by_pattern["D"]).role is Role.EXECUTOR and "user-service" in step(by_pattern["D"]).command
    assert step(by_pattern["C"]).role is Role.PROBE
    assert step(by_pattern["E"]).metadata.get("submit") and step(by_pattern["B"]).metadata.get("submit")
    assert by_pattern["A"].step_index == len(by_pattern["A"].trajectory.steps) - 1
    assert all(c.reason for c in cases)


def test_mined_cases_round_trip_through_jsonl(cases, tmp_path):
    from aoi.evolver import load_cases, save_jsonl

    path = save_jsonl(cases, tmp_path / "mined.jsonl")
    assert [c.model_dump() for c in load_cases(path)] == [c.model_dump() for c in cases]


def test_a_malformed_mined_file_names_the_line(tmp_path):
    import pytest

    from aoi.evolver import EvolverFileError, load_cases

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"problem_id": 1}\n')
    with pytest.raises(EvolverFileError, match=r"bad.jsonl:1"):
        load_cases(bad)
