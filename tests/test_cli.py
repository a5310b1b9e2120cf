"""The ``aoi`` command through typer's runner: listings, errors, env call/shell, replay, verify."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aoi.cli import app, main
from aoi.problems import TaskType, all_problems

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_main_is_the_console_entry():
    assert callable(main)


def test_problems_json_lists_the_catalog():
    result = invoke("problems", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == [p.id for p in all_problems()]
    assert set(rows[0]) == {"id", "app", "task", "family", "split", "answer"}


def test_problems_filters():
    rows = json.loads(
        invoke("problems", "--task", "mitigation", "--app", "test-hotel-reservation", "--json").stdout
    )
    expected = [
        p.id for p in all_problems() if p.task is TaskType.MITIGATION and p.app.value == "HotelReservation"
    ]
    assert [row["id"] for row in rows] == expected and expected
    assert all(
        row["split"] == "train" for row in json.loads(invoke("problems", "--split", "train", "--json").stdout)
    )


def test_problems_table():
    result = invoke("problems", "--task", "analysis")
    assert result.exit_code == 0
    assert (
        "wrong_bin_usage-analysis-1" in result.stdout and "Virtualization / Misconfiguration" in result.stdout
    )


def test_unknown_filter_is_a_one_line_error():
    result = invoke("problems", "--app", "nowhere")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unknown app 'nowhere'" in result.stderr and "HotelReservation" in result.stderr


def test_unknown_problem_suggests_close_ids():
    result = invoke("env", "call", "revoke_auth_mongodb-mitigation-9", "submit()")
    assert result.exit_code == 2
    assert "did you mean" in result.stderr and "revoke_auth_mongodb-mitigation-1" in result.stderr


def test_replay_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    for path in (bad, tmp_path / "missing.json"):
        result = invoke("replay", str(path))
        assert result.exit_code == 2
        assert result.stderr.startswith("error: ") and result.stderr.strip().count("\n") == 0


def test_env_call_json(tmp_path):
    ns = "test-hotel-reservation"
    result = invoke(
        "env", "call", "noop_detection_hotel_reservation-1",
        f'exec_shell("kubectl get pods -n {ns}")', '```\nsubmit("No")\n```', "--json", "--workdir", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    steps = json.loads(result.stdout)
    assert [s["action"] for s in steps][0] == f'exec_shell("kubectl get pods -n {ns}")'
    assert "Running" in steps[0]["observation"] and "result" not in steps[0]
    assert steps[1]["observation"] == "1"
    assert steps[1]["result"]["Detection Accuracy"] == "Correct" and steps[1]["result"]["steps"] == 2


def test_env_call_plain_output_and_leftover_actions():
    result = invoke("env", "call", "noop_detection_hotel_reservation-1", 'submit("Yes")', 'submit("No")')
    assert result.exit_code == 0
    assert '"Detection Accuracy": "Incorrect"' in result.stdout
    assert "the rest were not run" in result.stderr


def test_env_shell_session():
    lines = 'kubectl get deployment frontend -n test-hotel-reservation -o name\n\nsubmit("No")\n'
    result = invoke("env", "shell", "noop_detection_hotel_reservation-1", input=lines)
    assert result.exit_code == 0, result.output
    assert "deployment.apps/frontend" in result.stdout
    assert '"Detection Accuracy": "Correct"' in result.stdout


def test_env_shell_quits_on_exit():
    result = invoke("env", "shell", "noop_detection_hotel_reservation-1", input="exit\n")
    assert result.exit_code == 0 and "Detection Accuracy" not in result.stdout


def test_replay_json(tmp_path):
    session = {
        "agent": "gpt-w-shell",
        "session_id": "5f0e1c9e-0d55-4a4e-9d43-3c8f2b0e6a11",
        "problem_id": "k8s_target_port-misconfig-localization-1",
        "start_time": 1.0,
        "end_time": 2.0,
        "trace": [
            {"role": "assistant", "content": "I think it is user-service"},
            {"role": "env", "content": "Error parsing response: ..."},
            {"role": "assistant", "content": '```\nsubmit(["user-service"])\n```'},
            {"role": "env", "content": "1"},
        ],
        "results": {"Localization Accuracy": 100.0, "success": True, "is_subset": True, "steps": 2},
    }
    path = tmp_path / "session.json"
    path.write_text(json.dumps(session))
    result = invoke("replay", str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"problem_id", "steps", "result", "recorded_result"}
    assert [(s["parsed"], s["ran"]) for s in report["steps"]] == [(False, False), (True, True)]
    assert report["steps"][0]["error"].startswith("Error parsing response:")
    assert report["result"]["success"] is True and report["result"]["steps"] == 2
    assert report["recorded_result"] == session["results"]
    table = invoke("replay", str(path))
    assert table.exit_code == 0 and "Localization Accuracy" in table.stdout


def test_verify_one_problem():
    result = invoke("problems", "verify", "--problem", "scale_pod_zero_social_net-mitigation-1", "--json")
    report = json.loads(result.stdout)
    assert report["checked"] == 1
    row = report["rows"][0]
    assert row["reference_passes"] and row["no_fix_fails"] and row["wrong_fix_fails"], row
    assert result.exit_code == 0 and report["ok"]


def test_verify_exits_non_zero_when_a_check_fails(monkeypatch):
    import aoi.problems.solutions as solutions

    # A "reference" that answers the noop problem wrongly must be caught by the sweep.
    monkeypatch.setattr(solutions, "reference_actions", lambda problem: ['submit("Yes")'])
    result = invoke("problems", "verify", "--problem", "noop_detection_hotel_reservation-1")
    assert result.exit_code == 1
    assert "FAIL" in result.stdout and "0/1 problems verified" in result.stdout
