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


# ------------------------------------------------------------------ variants
VARIANT = "k8s_target_port-misconfig-localization-1@compose-post-service"


def test_problems_variants_lists_the_variants_after_the_catalog():
    from aoi.problems import problem_ids

    rows = json.loads(invoke("problems", "--variants", "--json").stdout)
    assert [row["id"] for row in rows] == problem_ids(variants=True)
    assert len(rows) == 89 + 448
    assert rows[89]["id"].startswith("k8s_target_port-misconfig-detection-1@")
    filtered = json.loads(
        invoke("problems", "--variants", "--task", "mitigation", "--split", "train", "--json").stdout
    )
    assert {row["task"] for row in filtered} == {"mitigation"} and {row["split"] for row in filtered} == {
        "train"
    }
    assert any("@" in row["id"] for row in filtered)
    table = invoke("problems", "--variants", "--app", "social_network", "--task", "localization")
    assert table.exit_code == 0 and VARIANT in table.stdout and "compose-post-service" in table.stdout


def test_verify_variants_follow_the_catalog(monkeypatch):
    import aoi.env.verify as verify
    from aoi.problems import get_problem

    # The whole sweep runs in tests/env/test_variants_on_twin.py; here only what --variants adds.
    monkeypatch.setattr(
        verify, "all_problems", lambda: (get_problem("k8s_target_port-misconfig-mitigation-1"),)
    )
    monkeypatch.setattr(
        verify, "all_variants", lambda: (get_problem(VARIANT.replace("localization", "mitigation")),)
    )
    plain = json.loads(invoke("problems", "verify", "--json").stdout)
    assert [row["problem_id"] for row in plain["rows"]] == ["k8s_target_port-misconfig-mitigation-1"]
    result = invoke("problems", "verify", "--variants", "--json")
    report = json.loads(result.stdout)
    assert [row["problem_id"] for row in report["rows"]] == [
        "k8s_target_port-misconfig-mitigation-1",
        "k8s_target_port-misconfig-mitigation-1@compose-post-service",
    ]
    assert result.exit_code == 0 and report["ok"]


def test_verify_one_variant():
    result = invoke("problems", "verify", "--problem", "wrong_bin_usage-mitigation-1@geo")
    assert result.exit_code == 0, result.output
    assert "1/1 problems verified" in result.stdout


def test_env_call_and_shell_take_a_variant_id():
    called = invoke("env", "call", VARIANT, 'submit(["compose-post-service"])', "--json")
    assert called.exit_code == 0, called.output
    assert json.loads(called.stdout)[0]["result"]["success"] is True
    lines = "kubectl get service compose-post-service -n test-social-network -o jsonpath='{.spec.ports[0].targetPort}'\n"
    shell = invoke("env", "shell", VARIANT, input=lines + 'submit(["user-service"])\n')
    assert shell.exit_code == 0, shell.output
    assert "9999" in shell.stdout and '"success": false' in shell.stdout


def test_an_unknown_variant_is_a_one_line_error_listing_the_targets():
    result = invoke("env", "call", "k8s_target_port-misconfig-localization-1@compose-post", "submit()")
    assert result.exit_code == 2 and result.stderr.strip().count("\n") == 0
    assert "did you mean compose-post-service?" in result.stderr and "valid targets:" in result.stderr
    run = invoke("run", "misconfig_app_hotel_res-localization-1@rate")
    assert run.exit_code == 2 and "has no variants" in run.stderr


def test_run_and_replay_take_a_variant_id(tmp_path):
    ran = invoke("run", VARIANT, "--json")
    assert ran.exit_code == 0, ran.output
    result = json.loads(ran.stdout)
    assert (
        result["problem_id"] == VARIANT
        and result["submission"] == ["compose-post-service"]
        and result["success"]
    )
    session = {
        "agent": "gpt-w-shell", "session_id": "5f0e1c9e-0d55-4a4e-9d43-3c8f2b0e6a12", "problem_id": VARIANT,
        "start_time": 1.0, "end_time": 2.0,
        "trace": [{"role": "assistant", "content": '```\nsubmit(["compose-post-service"])\n```'},
                  {"role": "env", "content": "1"}],
        "results": {"Localization Accuracy": 100.0, "success": True, "is_subset": True, "steps": 1},
    }  # fmt: skip
    path = tmp_path / "session.json"
    path.write_text(json.dumps(session))
    replayed = invoke("replay", str(path), "--json")
    assert replayed.exit_code == 0, replayed.output
    report = json.loads(replayed.stdout)
    assert report["problem_id"] == VARIANT and report["result"]["success"] is True


def test_noise_reaches_the_twin_from_every_command():
    top = 'exec_shell("kubectl top pods -n test-hotel-reservation")'
    calls = {
        level: invoke("env", "call", "noop_detection_hotel_reservation-1", top, "--noise", level, "--json")
        for level in ("off", "high")
    }
    assert all(c.exit_code == 0 for c in calls.values()), [c.output for c in calls.values()]
    quiet, loud = (json.loads(calls[level].stdout)[0]["observation"] for level in ("off", "high"))
    assert "MEMORY" in quiet and quiet != loud  # benign variation scales with the knob
    shell = invoke("env", "shell", "noop_detection_hotel_reservation-1", "--noise", "off",
                   input="kubectl top pods -n test-hotel-reservation\n")
    assert shell.exit_code == 0 and quiet.splitlines()[1] in shell.stdout
    verified = invoke("problems", "verify", "--problem", "noop_detection_hotel_reservation-1", "--noise", "high")
    assert verified.exit_code == 0 and "1/1 problems verified" in verified.stdout
    ran = invoke("run", "noop_detection_hotel_reservation-1", "--noise", "off", "--json")
    assert ran.exit_code == 0 and json.loads(ran.stdout)["success"]
    for command in (["env", "call", "noop_detection_hotel_reservation-1", "submit()"],
                    ["env", "shell", "noop_detection_hotel_reservation-1"], ["run", "noop_detection_hotel_reservation-1"],
                    ["problems", "verify"]):
        bad = invoke(*command, "--noise", "loud")
        assert bad.exit_code == 2 and "expected one of: off, realistic, high" in bad.stderr, command
