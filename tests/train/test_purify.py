"""The Purifier drops each kind of dead step, keeps the answer path, and keeps nothing of a failure."""

from __future__ import annotations

import pytest

from aoi.train.purify import DropReason, purify, successful, summarize
from aoi.train.samples import step_samples
from aoi.trajectories import Role, Step, Trajectory

from .scripted_runs import (
    DETECTION,
    DETECTION_SCRIPT,
    MITIGATION,
    MITIGATION_SCRIPT,
    runbook_run,
    scripted_run,
    submit,
)


@pytest.mark.parametrize(("problem_id", "script"), [(DETECTION, DETECTION_SCRIPT), (MITIGATION, MITIGATION_SCRIPT)])
def test_each_kind_of_dead_step_is_dropped_and_the_answer_path_kept(problem_id, script):
    report = purify(scripted_run(problem_id))
    verdicts = {i: "kept" for i in report.kept} | {d.iteration: d.reason.value for d in report.dropped}
    assert verdicts == {i: expected for i, (_, expected) in enumerate(script, 1)}
    assert all(d.detail and "\n" not in d.detail for d in report.dropped)


def test_reports_add_up_for_a_summary():
    reports = [purify(scripted_run(DETECTION)), purify(scripted_run(MITIGATION))]
    assert reports[0].counts() == {"kept": 3, "invalid": 1, "retry": 1, "fallback": 1, "failed": 1,
                                   "repeated": 1, "unused": 1}  # fmt: skip
    assert summarize(reports) == {"trajectories": 2, "successful": 2, "kept": 8, "invalid": 1, "retry": 1,
                                  "fallback": 1, "failed": 1, "repeated": 1, "unused": 1, "not-applied": 1}  # fmt: skip


def test_the_runbooks_answer_path_is_kept():
    trajectory, _ = runbook_run("revoke_auth_mongodb-mitigation-1")
    report = purify(trajectory)
    rows = {row["iteration"]: row for row in step_samples(trajectory)}
    assert set(rows) == set(report.kept)
    assert '"next_action":"executor"' in "".join(r["reference"] for r in rows.values())  # the applied fix
    assert '"next_action":"submit"' in rows[max(rows)]["reference"]  # the answer, last


def test_a_failed_run_gives_no_samples():
    failed = scripted_run(DETECTION).model_copy(update={"results": {"Detection Accuracy": "Incorrect"}})
    report = purify(failed)
    assert not report.success and report.kept == ()
    assert {d.reason for d in report.dropped} == {DropReason.UNSUCCESSFUL_RUN}
    assert step_samples(failed) == []


def test_mitigation_also_needs_the_strict_verdict_when_recorded():
    run = scripted_run(MITIGATION)
    assert successful(run) and run.results["strict_success"] is True
    assert not successful(run.model_copy(update={"results": {**run.results, "strict_success": False}}))
    detection = scripted_run(DETECTION)
    assert successful(detection.model_copy(update={"results": {**detection.results, "strict_success": False}}))


def test_only_the_submit_that_ended_the_run_is_kept():
    steps = []
    for iteration, observation in ((1, "TypeError: submit() takes 1 positional argument"), (2, "")):
        steps += [Step(index=len(steps), role=Role.OBSERVER, input=f"context {iteration}",
                       output=submit("Yes").model_dump_json(), metadata={"iteration": iteration}),
                  Step(index=len(steps) + 1, role=Role.OBSERVER, command="submit('Yes')", observation=observation,
                       metadata={"iteration": iteration, "submit": True})]  # fmt: skip
    trajectory = Trajectory(problem_id=DETECTION, task="detection", agent="llm", seed=0, steps=steps,
                            results={"Detection Accuracy": "Correct"})
    report = purify(trajectory)
    assert report.kept == (2,) and [(d.iteration, d.reason) for d in report.dropped] == [(1, DropReason.FAILED)]
    assert step_samples(trajectory)[0]["prefix_actions"] == ["submit('Yes')"]  # it still took a step
