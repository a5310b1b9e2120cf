"""The public surface of `aoi.env`, pinned so that a change to it is a deliberate one."""

from __future__ import annotations

import aoi.env


def test_all_names_exist_and_are_pinned():
    for name in aoi.env.__all__:
        assert hasattr(aoi.env, name), name
    assert set(aoi.env.__all__) == {
        "API_NAMES", "BLOCKED_COMMANDS", "NEXT_ACTION", "VALID_SUBMISSION", "ActionOutcome", "ActionResult",
        "Backend", "EnvError", "Episode", "EpisodeFinished", "InvalidActionError", "ParsedAction", "ProblemRow",
        "ReplayReport", "ReplayStep", "ResetNeeded", "ResponseParsingError", "ScriptedBackend",
        "SessionFileError", "SessionRecord", "TraceItem", "Turn", "TwinBackend", "UnknownChoice", "VerifyRow",
        "api_docs", "app_summary", "approx_tokens", "blocked_message", "exec_shell_action", "fence",
        "instructions", "next_input", "parse_action", "problem_row", "replay_session", "run_actions",
        "select_problems", "session_id_for", "shell_output", "task_description", "verify_all", "verify_problem",
    }  # fmt: skip


def test_backends_satisfy_the_protocol():
    assert isinstance(aoi.env.ScriptedBackend(), aoi.env.Backend)
    assert isinstance(aoi.env.TwinBackend(), aoi.env.Backend)


def test_shell_output_conventions():
    assert aoi.env.shell_output("out\n", "warn\n", 0) == "out\nwarn\n"
    assert aoi.env.shell_output("ignored", "boom\n", 1) == "[ERROR] Command execution failed: boom\n"


def test_kube_surface_is_pinned():
    import aoi.env.kube

    assert set(aoi.env.kube.__all__) == {
        "Credentials", "KubeBackend", "KubeError", "KubeReader", "Kubectl", "KubectlFailed", "NamespaceMissing",
    }  # fmt: skip
    assert all(hasattr(aoi.env.kube, name) for name in aoi.env.kube.__all__)
