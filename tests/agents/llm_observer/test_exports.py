"""The public surface of `aoi.agents.llm_observer` is pinned, and its prompts load."""

from __future__ import annotations

import pytest

import aoi.agents.llm_observer as package
from aoi.agents.llm_observer._prompts import ROLES, load_prompts, render

EXPECTED = {
    "DecisionError", "DecisionFailure", "ExecutorPlan", "JSONExtractionError", "LLMCompressor",
    "LLMCompressorConfig", "LLMExecutorPlanner", "LLMExecutorPlannerConfig", "LLMObserver", "LLMObserverConfig", "LLMProbePlanner", "LLMProbePlannerConfig", "build_llm_observer",
    "extract_json", "is_fallback", "load_prompts", "observer_messages", "parse_decision", "repair_json",
}  # fmt: skip


def test_exported_members():
    assert set(package.__all__) == EXPECTED
    assert all(hasattr(package, name) for name in EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_a_system_and_a_user_prompt(role):
    prompts = load_prompts(role)
    assert prompts["system"].strip() and prompts["user"].strip()


def test_a_missing_placeholder_fails_loudly():
    with pytest.raises(KeyError, match="goal"):
        render(load_prompts("probe")["user"], namespace="x", suggested="none", max_commands=2)
    with pytest.raises(ValueError, match="unknown prompt role 'judge'"):
        load_prompts("judge")
