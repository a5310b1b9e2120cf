"""Fixtures: the fake chat server (shared with tests/llm) and an Observer context."""

from __future__ import annotations

import pytest

from aoi.agents.contracts import MemoryEntry, NextAction, ObserverContext
from llm.conftest import chat_server  # noqa: F401 - re-exported fixture

NS = "test-hotel-reservation"


@pytest.fixture
def context() -> ObserverContext:
    return ObserverContext(
        task_description="Detect whether the hotel reservation app has an anomaly.",
        instructions="(AIOpsLab instructions; the LLM Observer does not use them)",
        task="detection",
        namespace=NS,
        iteration=2,
        max_iterations=15,
        recent=(
            MemoryEntry(
                iteration=1,
                action=NextAction.PROBE,
                summary="listed pods",
                evidence="$ kubectl get pods\n1 of 19 pods not ready\n  geo-99d8c58c-smnkw 0/1 CrashLoopBackOff",
            ),
        ),
        summaries=("geo crash-loops",),
    )
