"""The episode loop on a scripted backend: AIOpsLab's submit, step and scoring semantics."""

from __future__ import annotations

import itertools
import json

import pytest

from aoi.env import (
    API_NAMES,
    NEXT_ACTION,
    Episode,
    EpisodeFinished,
    ResetNeeded,
    ScriptedBackend,
    SessionRecord,
    approx_tokens,
    fence,
    next_input,
)
from aoi.env.parser import FORMAT_ERROR
from aoi.problems import SnapshotReader, get_problem

DETECTION = "k8s_target_port-misconfig-detection-1"
LOCALIZATION = "revoke_auth_mongodb-localization-1"
ANALYSIS = "k8s_target_port-misconfig-analysis-1"
MITIGATION = "k8s_target_port-misconfig-mitigation-1"


NS = "test-social-network"
# The mitigated state of MITIGATION: the Service points at 9090 again and its pod is healthy.
FIXED_SOCIAL_NETWORK = [
    {
        "kind": "Service",
        "metadata": {"name": "user-service", "namespace": NS},
        "spec": {"ports": [{"port": 9090, "targetPort": 9090}]},
    },
    {
        "kind": "Pod",
        "metadata": {"name": "user-service-6d4b9c7f5-abcde", "namespace": NS},
        "status": {
            "phase": "Running",
            "containerStatuses": [{"name": "user-service", "ready": True, "state": {"running": {}}}],
        },
    },
]


def make_episode(problem_id=DETECTION, *, max_steps=30, seed=0, backend=None, **kwargs):
    backend = backend or ScriptedBackend(shell=lambda command: f"ran: {command}\n")
    ticks = itertools.count(100.0, 2.5)  # a fake clock: 2.5 s per reading
    episode = Episode(
        get_problem(problem_id), backend, max_steps=max_steps, seed=seed, clock=lambda: next(ticks), **kwargs
    )
    return episode, backend


def test_reset_hands_out_the_three_prompt_pieces():
    episode, backend = make_episode()
    task_desc, instructions, apis = episode.reset()
    assert "Service Details:\nService Name: Social Network\nNamespace: test-social-network\n" in task_desc
    assert '1. str: "Yes"' in task_desc and "{app_summary}" not in task_desc
    assert '```\nsubmit("Yes")\n```' in instructions and '```\nexec_shell("ls -l")\n```' in instructions
    assert tuple(apis) == API_NAMES
    assert "has_anomaly (str)" in apis["submit"]
    assert backend.resets == [(DETECTION, 0)]


def test_step_before_reset_is_refused():
    episode, _ = make_episode()
    with pytest.raises(ResetNeeded):
        episode.step(fence('submit("Yes")'))


def test_valid_submit_ends_and_scores_at_once():
    episode, backend = make_episode()
    episode.reset()
    assert episode.step(fence('exec_shell("kubectl get pods")')) == "ran: kubectl get pods\n"
    assert not episode.done
    assert episode.step(fence('submit("yes ")')) == "1"
    assert episode.done and episode.solution == "yes "
    results = episode.result().results
    assert results["Detection Accuracy"] == "Correct"
    assert results["steps"] == 2 and backend.ticks == 2
    assert results["TTD"] == pytest.approx(2.5)  # one clock reading at reset, one at the end
    assert results["expected_answer"] == {"has_anomaly": "Yes"}
    with pytest.raises(EpisodeFinished, match="a valid submit"):
        episode.step(fence('submit("Yes")'))


def test_keyword_only_submit_stores_an_empty_list():
    episode, _ = make_episode()
    episode.reset()
    assert episode.step(fence('submit(has_anomaly="Yes")')) == "1"
    assert episode.solution == []
    assert episode.result().results["Detection Accuracy"] == "Invalid Format"


def test_wrong_arity_submit_answers_the_type_error_and_continues():
    episode, _ = make_episode()
    episode.reset()
    observation = episode.step(fence('submit("Yes", "No")'))
    assert observation == "DetectionActions.submit() takes 1 positional argument but 2 were given"
    assert not episode.done and episode.solution == ["Yes", "No"]
    assert (
        episode.step(fence("submit()"))
        == "DetectionActions.submit() missing 1 required positional argument: 'has_anomaly'"
    )
    assert episode.solution == []


def test_stored_solution_is_scored_when_the_budget_runs_out():
    # The submit fails on its keyword, but "Yes" was stored before it ran.
    episode, _ = make_episode(max_steps=1)
    episode.reset()
    observation = episode.step(fence('submit("Yes", extra=1)'))
    assert observation == "DetectionActions.submit() got an unexpected keyword argument 'extra'"
    assert episode.done
    assert episode.result().results["Detection Accuracy"] == "Correct"


def test_budget_without_submit_scores_none():
    episode, backend = make_episode(max_steps=3)
    episode.reset()
    for _ in range(3):
        episode.step(fence('exec_shell("ls")'))
    assert episode.done and episode.solution is None
    results = episode.result().results
    assert results["Detection Accuracy"] == "Invalid Format" and results["steps"] == 3 and backend.ticks == 3
    with pytest.raises(EpisodeFinished, match="step budget"):
        episode.step(fence('exec_shell("ls")'))


def test_unparsable_and_invalid_turns_are_steps_with_error_observations():
    episode, backend = make_episode(max_steps=5)
    episode.reset()
    assert episode.step("just words") == "Error parsing response: " + FORMAT_ERROR
    assert episode.step(fence("frobnicate(1)")) == "Invalid action: frobnicate"
    assert episode.step(fence('get_logs("only-namespace")')) == (
        "TaskActions.get_logs() missing 1 required positional argument: 'service'"
    )
    assert episode.steps == 3 and backend.ticks == 3
    roles = [item.role for item in episode.result().trace]
    assert roles == ["assistant", "env"] * 3


def test_api_arguments_reach_the_backend_with_aiopslab_defaults():
    backend = ScriptedBackend(
        logs=lambda ns, svc: f"logs {ns}/{svc}",
        metrics=lambda ns, minutes: f"metrics {ns} {minutes}",
        traces=lambda ns, minutes: f"traces {ns} {minutes}",
        read_metrics=lambda path: f"read {path}",
    )
    episode, _ = make_episode(backend=backend)
    episode.reset()
    assert episode.step(fence('get_logs("ns", "geo")')) == "logs ns/geo"
    assert episode.step(fence('get_metrics("ns")')) == "metrics ns 5"
    assert episode.step(fence('get_traces("ns", duration=2)')) == "traces ns 2"
    assert episode.step(fence('read_metrics(file_path="/x.csv")')) == "read /x.csv"


def test_backend_exceptions_become_observations():
    def broken(command: str) -> str:
        raise RuntimeError(f"Failed to execute command: {command}")

    episode, _ = make_episode(backend=ScriptedBackend(shell=broken))
    episode.reset()
    assert episode.step(fence('exec_shell("sleep 99")')) == "Failed to execute command: sleep 99"
    assert not episode.done


def test_token_counts_cover_env_and_agent_text():
    episode, _ = make_episode()
    episode.reset()
    responses = [fence('exec_shell("kubectl get pods -A")'), fence('submit("No")')]
    observations = [episode.step(r) for r in responses]
    results = episode.result().results
    assert results["in_tokens"] == approx_tokens("".join(observations))
    assert results["out_tokens"] == approx_tokens("".join(responses))
    assert results["Detection Accuracy"] == "Incorrect"


@pytest.mark.parametrize(
    ("problem_id", "submit", "keys"),
    [
        (DETECTION, 'submit("Yes")', {"Detection Accuracy", "TTD"}),
        (LOCALIZATION, 'submit(["geo"])', {"Localization Accuracy", "success", "is_subset", "TTL"}),
        (
            ANALYSIS,
            'submit({"system_level": "Virtualization", "fault_type": "Misconfiguration"})',
            {"system_level_correct", "fault_type_correct", "success", "TTA"},
        ),
        (MITIGATION, "submit()", {"success", "TTM"}),
    ],
)
def test_result_keys_per_task(problem_id, submit, keys):
    episode, _ = make_episode(
        problem_id, backend=ScriptedBackend(reader=SnapshotReader(FIXED_SOCIAL_NETWORK))
    )
    episode.reset()
    episode.step(fence(submit))
    results = episode.result().results
    common = {"steps", "in_tokens", "out_tokens", "strict_success", "strict_reasons", "expected_answer"}
    assert set(results) == keys | common
    assert episode.evaluation is not None and episode.evaluation.success


def test_record_is_aiopslab_shaped_and_reproducible(tmp_path):
    first, _ = make_episode(seed=7, agent_name="probe")
    second, _ = make_episode(seed=7)
    other, _ = make_episode(seed=8)
    for episode in (first, second, other):
        episode.reset()
        episode.step(fence('submit("Yes")'))
    record = first.result()
    assert record.session_id == second.result().session_id != other.result().session_id
    data = json.loads(first.save(tmp_path).read_text())
    assert list(data) == ["agent", "session_id", "problem_id", "start_time", "end_time", "trace", "results"]
    assert data["agent"] == "probe" and data["problem_id"] == DETECTION
    assert data["trace"] == [
        {"role": "assistant", "content": fence('submit("Yes")')},
        {"role": "env", "content": "1"},
    ]
    assert (tmp_path / record.file_name).exists()
    assert SessionRecord.load(tmp_path / record.file_name) == record


def test_save_to_keeps_the_record_current_after_every_step(tmp_path):
    target = tmp_path / "live.json"
    episode, _ = make_episode(save_to=target)
    episode.reset()
    episode.step(fence('exec_shell("ls")'))
    assert len(SessionRecord.load(target).trace) == 2 and SessionRecord.load(target).results == {}
    episode.step(fence('submit("Yes")'))
    assert SessionRecord.load(target).results["Detection Accuracy"] == "Correct"


def test_close_scores_without_a_step():
    episode, _ = make_episode()
    episode.reset()
    episode.close()
    assert episode.done and episode.result().results["steps"] == 0


def test_next_input():
    assert next_input() == NEXT_ACTION == "Please take the next action"
    assert next_input("NAME READY") == "NAME READY\nPlease take the next action"


def test_max_steps_must_be_positive():
    with pytest.raises(ValueError, match="max_steps must be at least 1"):
        make_episode(max_steps=0)
