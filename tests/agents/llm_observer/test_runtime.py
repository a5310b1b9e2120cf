"""The LLM Observer through the runtime loop, on the twin, with a scripted model."""

from __future__ import annotations

import importlib.util
import json

import pytest

from aoi.agents.llm_observer import LLMObserver
from aoi.llm import ScriptedChatClient

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("aoi.agents.runtime") is None,
    reason="aoi.agents.runtime (run_problem) is not written yet",
)

PROBLEM = "revoke_auth_mongodb-detection-1"
NS = "test-hotel-reservation"
DECISIONS = [
    {
        "phase": "survey", "hypothesis": "something is unhealthy", "confidence": 30, "next_action": "probe",
        "probe": {"goal": "list pods", "commands": [f"kubectl get pods -n {NS}"]},
    },
    {"phase": "submit", "hypothesis": "geo is down", "confidence": 97, "next_action": "submit", "submission": "Yes"},
]  # fmt: skip


def test_llm_observer_solves_a_detection_problem_through_the_runtime():
    from aoi.agents.runtime import run_problem

    client = ScriptedChatClient([json.dumps(d) for d in DECISIONS])
    observer = LLMObserver(client)
    result = run_problem(PROBLEM, observer, seed=0)
    results = result["results"] if isinstance(result, dict) else result.results
    assert results["Detection Accuracy"] == "Correct"
    assert len(client.calls) == 2 and observer.fallbacks == 0
