"""Playing AIOpsLab's orchestrator on the twin, checking actions, and a guard against leaked threads."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest

from aoi.agents.contracts import NextAction, ObserverDecision, Phase, ProbeRequest
from aoi.agents.registry import AGENTS, AgentSpec
from aoi.env import API_NAMES, Episode, parse_action
from aoi.env.aiopslab import TwinOrchestrator

# AIOpsLab's validation regex (aiopslab/orchestrator/parser.py): exactly one match is accepted.
FENCED_CALL = re.compile(r"```\s*\n(.*?)\n```", re.DOTALL)


def play(agent, problem_id: str, max_steps: int = 30, seed: int = 0) -> tuple[Episode, dict]:
    """One problem through AIOpsLab's calls: register, init_problem, init_context, start_problem."""
    orchestrator = TwinOrchestrator(seed=seed)
    orchestrator.register_agent(agent, name="aoi")
    agent.init_context(*orchestrator.init_problem(problem_id))
    outcome = asyncio.run(orchestrator.start_problem(max_steps=max_steps))
    assert orchestrator.episode is not None and orchestrator.episode.done
    return orchestrator.episode, outcome


def assert_single_valid_calls(actions: list[str]) -> None:
    for action in actions:
        assert len(FENCED_CALL.findall(action)) == 1, action
        assert parse_action(action).api in API_NAMES, action


def probe_decision(command: str) -> ObserverDecision:
    return ObserverDecision(phase=Phase.SURVEY, hypothesis="h", confidence=10, next_action=NextAction.PROBE,
                            probe=ProbeRequest(goal="look", commands=(command,)))


@pytest.fixture
def register(monkeypatch):
    """Register an Observer factory under a test agent name for the adapter to build."""

    def add(name: str, factory) -> str:
        monkeypatch.setitem(AGENTS, name, AgentSpec("observer", factory))
        return name

    return add


@pytest.fixture(autouse=True)
def no_leaked_threads():
    yield
    for thread in threading.enumerate():
        if thread.name.startswith("aoi-aiopslab"):
            thread.join(5)
            assert not thread.is_alive(), f"{thread.name} outlived its test"
