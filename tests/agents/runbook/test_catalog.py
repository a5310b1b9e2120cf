"""The runbook Observer against all 89 catalog problems through `aoi.agents.runtime.run_problem` on the twin (AIOpsLab verdict, strict for
mitigation), within the Observer's 4,096-token context budget."""

from __future__ import annotations

import pytest

from aoi.agents.runbook import RunbookObserver
from aoi.agents.runtime import run_problem
from aoi.problems import all_problems

#: Problems the runbook is allowed to miss, with the reason. Empty: it solves all 89.
ALLOWLIST: dict[str, str] = {}
CONTEXT_TOKENS = 4096


@pytest.mark.parametrize("problem", all_problems(), ids=lambda p: p.id)
def test_solves_problem(problem) -> None:
    if problem.id in ALLOWLIST:
        pytest.skip(ALLOWLIST[problem.id])
    outcome = run_problem(problem, RunbookObserver(), seed=0, max_iterations=15)
    assert outcome.success, (outcome.submission, outcome.results, outcome.end_reason)
    if problem.task.value == "mitigation":
        assert outcome.strict_success, outcome.results
    assert outcome.max_context_tokens < CONTEXT_TOKENS
