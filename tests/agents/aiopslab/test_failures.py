"""The adapter survives: a spent step budget, odd observations, a failing runtime, unreadable prompts, timeouts."""

from __future__ import annotations

import asyncio
import time

import pytest

from aoi.agents.aiopslab import AOIAgent, no_answer, no_op
from aoi.agents.observer import ScriptedObserver
from aoi.env import NEXT_ACTION, Episode, TwinBackend, next_input, parse_action
from aoi.env.aiopslab import TwinOrchestrator
from aoi.problems import TaskType, get_problem

from .conftest import assert_single_valid_calls, play, probe_decision

DETECTION = "k8s_target_port-misconfig-detection-1"
MITIGATION = "k8s_target_port-misconfig-mitigation-1"


def test_a_budget_the_agent_knows_ends_its_runtime_after_the_last_action():
    agent = AOIAgent(max_steps=5)
    episode, outcome = play(agent, DETECTION, max_steps=5)
    assert outcome["results"]["steps"] == 5 and outcome["results"]["Detection Accuracy"] == "Invalid Format"
    deadline = time.monotonic() + 5
    while agent.running and time.monotonic() < deadline:  # ends by itself: no close() here
        time.sleep(0.01)
    assert not agent.running and agent.error is None and agent.last_run is None  # cut short, not failed
    assert_single_valid_calls(agent.actions)


def test_a_budget_the_agent_does_not_know_ends_its_runtime_at_close():
    with AOIAgent() as agent:
        episode, outcome = play(agent, MITIGATION, max_steps=4)
        assert agent.running  # still waiting for an observation that will never come
    assert not agent.running and agent.error is None
    assert outcome["results"]["steps"] == 4 and outcome["results"]["success"] is False
    assert_single_valid_calls(agent.actions)


class Garbling:
    """An orchestrator-side wrapper that hands the agent odd inputs on chosen turns."""

    def __init__(self, agent: AOIAgent, odd: dict[int, object]) -> None:
        self.agent, self.odd, self.turn = agent, odd, 0

    async def get_action(self, input: str) -> str:  # noqa: A002 - AIOpsLab's parameter name
        self.turn += 1
        return await self.agent.get_action(self.odd.get(self.turn, input))  # type: ignore[arg-type]


def test_odd_observations_are_read_and_every_answer_is_still_one_valid_call():
    odd = {2: None, 3: "no request suffix", 4: 42, 5: next_input("Error parsing response: No API call found!"),
           6: NEXT_ACTION}
    with AOIAgent() as agent:
        orchestrator = TwinOrchestrator()
        orchestrator.register_agent(Garbling(agent, odd))
        agent.init_context(*orchestrator.init_problem(DETECTION))
        outcome = asyncio.run(orchestrator.start_problem(max_steps=30))
    assert_single_valid_calls(agent.actions)
    assert parse_action(agent.actions[-1]).api == "submit"
    assert outcome["results"]["Detection Accuracy"] == "Correct"  # the runbook re-checks what it lost


def test_a_runtime_that_raises_gives_the_tasks_no_answer_at_once(register):
    calls = []

    def decide(context):
        calls.append(context)
        if len(calls) > 1:
            raise RuntimeError("the model endpoint went away")
        return probe_decision("kubectl get pods -n test-social-network")

    name = register("boom", lambda: ScriptedObserver(decide))
    with AOIAgent(agent=name) as agent:
        episode, outcome = play(agent, DETECTION)
    reason = "AOI agent error: RuntimeError: the model endpoint went away"
    assert agent.error == reason
    assert agent.actions[-1] == no_answer(TaskType.DETECTION, reason)
    assert agent.actions[-1].startswith("AOI: AOI agent error: RuntimeError") and agent.actions[-1].endswith(
        "```\nsubmit(None)\n```")
    assert outcome["results"]["Detection Accuracy"] == "Invalid Format" and outcome["results"]["steps"] == 2
    assert_single_valid_calls(agent.actions)


def test_an_observer_that_cannot_be_built_fails_on_the_first_turn():
    with AOIAgent(agent="llm") as agent:  # no model, no base_url
        episode, outcome = play(agent, MITIGATION)
    assert "MissingAgentOption" in (agent.error or "")
    assert len(agent.actions) == 1 and agent.actions[0].endswith("```\nsubmit()\n```")
    assert outcome["results"]["steps"] == 1


def test_a_run_without_a_submission_ends_with_the_no_answer(register):
    name = register("looker", lambda: ScriptedObserver(lambda c: probe_decision("kubectl get pods -A")))
    with AOIAgent(agent=name, max_iterations=2) as agent:
        episode, outcome = play(agent, "k8s_target_port-misconfig-localization-1")
    assert agent.actions[-1] == no_answer(TaskType.LOCALIZATION, "no submission: the iteration budget ran out")
    assert episode.solution == [] and outcome["results"]["success"] is False


def test_a_runtime_slower_than_the_action_timeout_is_given_up_and_closed(register):
    def slow(context):
        time.sleep(0.5)
        return probe_decision("kubectl get pods -A")

    name = register("slow", lambda: ScriptedObserver(slow))
    with AOIAgent(agent=name, action_timeout_s=0.1) as agent:
        episode, outcome = play(agent, "revoke_auth_mongodb-analysis-1")
        assert agent.actions == [no_answer(TaskType.ANALYSIS, "the AOI runtime gave no action within 0.1 s")]
    assert outcome["results"]["success"] is False and outcome["results"]["steps"] == 1


def test_prompts_naming_an_unknown_app_answer_without_running_anything():
    agent = AOIAgent()
    submit_doc = "Submit.\n\nArgs:\n    has_anomaly (str): Yes or No."
    agent.init_context("Namespace: my-own-app\n", "", {"submit": submit_doc})
    first = asyncio.run(agent.get_action(NEXT_ACTION))
    second = asyncio.run(agent.get_action(next_input("Detection... TypeError")))
    assert first.endswith("```\nsubmit(None)\n```") and "my-own-app" in first
    assert parse_action(second).api == "exec_shell" and not agent.running
    agent.init_context("Namespace: my-own-app\n", "", {})  # no task type either: no submit form is safe
    assert parse_action(asyncio.run(agent.get_action(NEXT_ACTION))).api == "exec_shell"


def test_turns_before_init_context_or_after_the_run_are_harmless_no_ops():
    agent = AOIAgent()
    assert asyncio.run(agent.get_action(NEXT_ACTION)) == no_op("init_context() was not called; no problem to work on")
    play(agent, DETECTION)
    extra = asyncio.run(agent.get_action(next_input("DetectionActions.submit() takes 1 positional argument")))
    assert extra == no_op("the AOI run is over")
    agent.close()
    agent.close()  # twice is fine


@pytest.mark.parametrize("problem_id", [DETECTION, "k8s_target_port-misconfig-localization-1",
                                        "revoke_auth_mongodb-analysis-1", MITIGATION])
def test_each_tasks_no_answer_is_a_valid_submit_that_ends_the_episode_and_fails(problem_id):
    problem = get_problem(problem_id)
    episode = Episode(problem, TwinBackend(), max_steps=5)
    episode.reset()
    turn = episode.act(no_answer(problem.task, "gave up"))
    assert turn.submitted and episode.done and not episode.evaluation.success


@pytest.mark.parametrize("reason", ['it said "```bash" and \\"quoted\\" things\nover lines', ""])
def test_fallback_actions_stay_single_valid_calls_whatever_the_reason(reason):
    assert_single_valid_calls([no_op(reason), *(no_answer(task, reason) for task in TaskType)])


def test_a_forgotten_agent_stops_its_thread_when_collected():
    import gc

    agent = AOIAgent()
    play(agent, MITIGATION, max_steps=3)
    worker = agent._worker
    assert worker is not None and worker.running
    del agent
    gc.collect()
    worker.close()  # joins: __del__ only signalled
    assert not worker.running
