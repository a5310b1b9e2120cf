"""Rows from real runbook runs on the twin, and a caller that invokes rewards the way TRL does."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from aoi.agents.registry import run_agent
from aoi.train.samples import SampleRow, step_samples
from llm.conftest import chat_server  # noqa: F401 - re-exported fixture

LOCALIZATION = "k8s_target_port-misconfig-localization-1"  # answer: ["user-service"]
MITIGATION = "k8s_target_port-misconfig-mitigation-1"  # fix: user-service's targetPort back to 9090
SOCIAL = "test-social-network"


@cache
def runbook_rows(problem_id: str) -> tuple[SampleRow, ...]:
    """Every decision of the runbook's run (seed 0) as a sample row: the expert references."""
    result = run_agent("runbook", problem_id, seed=0)
    assert result.success and result.trajectory is not None
    return tuple(step_samples(result.trajectory, purify=False))


def row_where(problem_id: str, next_action: str) -> SampleRow:
    """The first runbook row whose expert decision is ``next_action``."""
    return next(r for r in runbook_rows(problem_id) if json.loads(r["reference"])["next_action"] == next_action)


def decision(next_action: str, **parts: Any) -> str:
    """A decision JSON as a model would write it."""
    phase = {"probe": "investigate", "executor": "mitigate", "submit": "submit"}[next_action]
    return json.dumps({"phase": phase, "hypothesis": "h", "confidence": 50, "next_action": next_action,
                       "summary": "s", **parts})


def probe(*commands: str) -> str:
    return decision("probe", probe={"goal": "look", "commands": list(commands)})


def order(*commands: str, verify: tuple[str, ...] = (f"kubectl get pods -n {SOCIAL}",)) -> str:
    return decision("executor", order={"namespace": SOCIAL, "target": "x", "intent": "fix",
                                       "commands": list(commands), "verify": list(verify)})


def call_like_trl(func: Any, row: SampleRow, completions: list[str], log_extra: Any = None) -> list[float | None]:
    """``func`` called as `GRPOTrainer._calculate_rewards` calls it: conversational completions, the
    prompts, token ids, the trainer state and logging hooks, and every other column as a list."""
    n = len(completions)
    columns = {k: [v] * n for k, v in row.items() if k not in ("prompt", "completion")}
    return func(
        prompts=[row["prompt"]] * n,
        completions=[[{"role": "assistant", "content": c}] for c in completions],
        completion_ids=[[1, 2, 3]] * n,
        trainer_state=object(),
        log_extra=log_extra or (lambda column, values: None),
        log_metric=lambda name, value: None,
        **columns,
    )


@pytest.fixture(scope="module")
def localization_row() -> SampleRow:
    return row_where(LOCALIZATION, "submit")


@pytest.fixture(scope="module")
def mitigation_rows() -> tuple[SampleRow, ...]:
    return runbook_rows(MITIGATION)
