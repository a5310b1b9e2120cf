"""`TwinEnvironment` and the multi-turn episodes: AIOpsLab's APIs as tools, behind the safety gates."""

from __future__ import annotations

import pytest

from aoi.env import API_NAMES, task_description
from aoi.problems import get_problem
from aoi.train.config import ConfigError, MultiTurnSettings
from aoi.train.environment import TwinEnvironment
from aoi.train.multiturn_data import multiturn_rows, multiturn_system_prompt

DETECTION = "k8s_target_port-misconfig-detection-1"  # SocialNetwork, an anomaly is present
MITIGATION = "scale_pod_zero_social_net-mitigation-1"  # user-service scaled to zero replicas
NS = "test-social-network"


def started(problem_id: str, **options) -> TwinEnvironment:
    env = TwinEnvironment(**options)
    env.reset(problem_id=problem_id, seed=0)
    return env


def ran(env: TwinEnvironment) -> str:
    """Everything the episode's trace says the agent sent."""
    return "\n".join(item.content for item in env.episode.result().trace if item.role == "assistant")


def test_reset_returns_the_task_description_unless_the_prompt_has_it():
    env = TwinEnvironment()
    description = task_description(get_problem(DETECTION))
    assert env.reset(problem_id=DETECTION, seed=0) == description
    row = multiturn_rows(MultiTurnSettings(problems=[DETECTION]))[0]
    assert env.reset(**row) is None  # TRL appends reset's text to the prompt: not twice


def test_a_read_runs_on_the_twin():
    env = started(DETECTION)
    assert "user-service" in env.exec_shell(f"kubectl get pods -n {NS}")
    assert "kubectl get pods" in ran(env)


def test_a_write_on_a_diagnosis_task_is_refused_and_never_runs():
    env = started(DETECTION)
    answer = env.exec_shell(f"kubectl delete pod --all -n {NS}")
    assert answer == "refused: write: only mitigation tasks may change the cluster; this is a detection task"
    assert "delete" not in ran(env) and env.episode.steps == 0
    assert "Running" in env.exec_shell(f"kubectl get pods -n {NS}")


@pytest.mark.parametrize("problem_id", [DETECTION, MITIGATION])
def test_a_denied_command_is_refused_on_every_task(problem_id: str):
    env = started(problem_id)
    assert env.exec_shell("rm -rf /").startswith("refused: denied: ")
    assert env.episode.steps == 0


def test_a_mitigation_runs_whitelisted_writes_only_and_the_oracle_rewards_the_fix():
    env = started(MITIGATION)
    assert "must target namespace" in env.exec_shell("kubectl scale deployment user-service --replicas=1 -n default")
    assert "scaled" in env.exec_shell(f"kubectl scale deployment user-service --replicas=1 -n {NS}")
    assert env.submit() == "1"
    assert env.get_reward() == 1.0


def test_an_unrepaired_mitigation_scores_zero():
    env = started(MITIGATION)
    env.submit()
    assert env.get_reward() == 0.0


@pytest.mark.parametrize(("answer", "reward"), [("Yes", 1.0), ("No", 0.0)])
def test_the_reward_is_the_oracles_verdict(answer: str, reward: float):
    env = started(DETECTION)
    env.submit(answer)
    assert env.get_reward() == reward


def test_an_episode_without_a_submit_scores_zero():
    env = started(DETECTION)
    env.get_logs(NS, "user-service")
    assert env.get_reward() == 0.0 and env.episode.done


def test_the_step_budget_ends_the_episode_and_later_calls_only_say_so():
    env = started(DETECTION, max_actions=2)
    env.exec_shell(f"kubectl get pods -n {NS}")
    env.exec_shell(f"kubectl get svc -n {NS}")
    assert env.episode.done
    assert env.submit("Yes").startswith("The episode is over")
    assert env.get_reward() == 0.0  # scored on what was submitted before the budget ran out: nothing


def test_malformed_arguments_are_answered_not_raised():
    env = started(DETECTION)
    assert env.get_metrics(NS, "five minutes") == "unsupported type for timedelta minutes component: str"
    assert env.exec_shell(42).startswith("refused: ")  # type: ignore[arg-type]  # "42" is an unknown program
    # AIOpsLab's own answer to a detection submit without its argument; the episode goes on.
    assert env.submit() == "DetectionActions.submit() missing 1 required positional argument: 'has_anomaly'"
    assert not env.episode.done


def test_telemetry_tools_round_trip():
    env = started(DETECTION)
    folder = env.get_traces(NS, 5).strip()
    assert folder and not folder.startswith("refused")


def test_the_tools_are_aiopslabs_apis_with_schemas_trl_can_build():
    pytest.importorskip("transformers", reason="TRL builds tool schemas with transformers (the train extra)")
    from transformers.utils import get_json_schema

    env = TwinEnvironment()
    tools = [name for name in dir(TwinEnvironment) if not name.startswith("_") and callable(getattr(env, name))
             and name not in ("reset", "get_reward")]
    assert sorted(tools) == sorted(API_NAMES)
    for name in tools:
        schema = get_json_schema(getattr(env, name))["function"]
        assert schema["name"] == name and schema["description"]


def test_a_tool_before_reset_is_a_programming_error():
    with pytest.raises(RuntimeError, match="call reset"):
        TwinEnvironment().exec_shell("kubectl get pods")


def test_episode_rows_one_per_problem_and_seed():
    rows = multiturn_rows(MultiTurnSettings(split="train", seeds=[0, 1]))
    assert len(rows) == 2 * 38 and {r["split"] for r in rows} == {"train"}
    row = next(r for r in rows if r["problem_id"] == DETECTION and r["seed"] == 1)
    assert [m["role"] for m in row["prompt"]] == ["system", "user"]
    assert row["prompt"][1]["content"] == task_description(get_problem(DETECTION))
    assert (row["task"], row["namespace"], row["noise"]) == ("detection", NS, "realistic")


def test_explicit_problems_override_the_split_and_unknown_ones_are_config_errors():
    assert [r["problem_id"] for r in multiturn_rows(MultiTurnSettings(problems=[MITIGATION]))] == [MITIGATION]
    with pytest.raises(ConfigError, match="multiturn.problems: unknown problem id 'nope'"):
        multiturn_rows(MultiTurnSettings(problems=["nope"]))


def test_only_the_mitigation_prompt_offers_repairs():
    from aoi.problems import TaskType

    assert "Repair" in multiturn_system_prompt(TaskType.MITIGATION)
    assert "diagnosis only" in multiturn_system_prompt(TaskType.DETECTION)
