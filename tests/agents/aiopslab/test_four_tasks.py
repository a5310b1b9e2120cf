"""THE MUST-SHOW: the adapter completes every task type through AIOpsLab's protocol on the twin.

The twin plays AIOpsLab's orchestrator (`TwinOrchestrator`: "Please take the next action", each
observation, parse, step until done); the runbook Observer runs inside `AOIAgent`; the verdict is
the episode's own AIOpsLab result, not the runtime's.
"""

from __future__ import annotations

import pytest

from aoi.agents.aiopslab import AOIAgent
from aoi.agents.runbook import RunbookObserver
from aoi.agents.runtime import run_problem
from aoi.env import parse_action

from .conftest import assert_single_valid_calls, play

PROBLEMS = {
    "detection": ("k8s_target_port-misconfig-detection-1", "submit('Yes')"),
    "localization": ("k8s_target_port-misconfig-localization-1", "submit(['user-service'])"),
    "analysis": ("revoke_auth_mongodb-analysis-1",
                 "submit({'system_level': 'Application', 'fault_type': 'Authentication Issue'})"),
    "mitigation": ("k8s_target_port-misconfig-mitigation-1", "submit()"),
}


@pytest.mark.parametrize("task", list(PROBLEMS))
def test_the_runbook_solves_each_task_type_inside_the_aiopslab_loop(task):
    problem_id, submit = PROBLEMS[task]
    with AOIAgent(max_steps=30) as agent:
        episode, outcome = play(agent, problem_id)
    results = outcome["results"]
    assert episode.evaluation is not None and episode.evaluation.success, results
    assert agent.error is None
    assert_single_valid_calls(agent.actions)
    assert agent.actions[-1] == f"```\n{submit}\n```"
    assert [parse_action(a).api for a in agent.actions[:-1]] == ["exec_shell"] * (len(agent.actions) - 1)
    # One action per turn: the orchestrator's trace holds exactly the agent's answers.
    assert [item.content for item in episode.result().trace if item.role == "assistant"] == agent.actions
    assert results["steps"] == len(agent.actions)


@pytest.mark.parametrize("task", list(PROBLEMS))
def test_inside_aiopslab_the_runtime_takes_the_steps_it_takes_on_its_own(task):
    problem_id, _ = PROBLEMS[task]
    alone = run_problem(problem_id, RunbookObserver())
    with AOIAgent() as agent:
        play(agent, problem_id)
    assert len(agent.actions) == alone.results["steps"]


def test_one_agent_runs_problem_after_problem():
    with AOIAgent() as agent:
        for problem_id, _ in PROBLEMS.values():
            episode, _ = play(agent, problem_id)
            assert episode.evaluation is not None and episode.evaluation.success
