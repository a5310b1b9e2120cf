"""Dual-timescale memory: one recent entry, at most 10 summaries, always within the budget."""

from __future__ import annotations

from aoi.agents.contracts import MemoryEntry, NextAction
from aoi.agents.memory import Memory, context_tokens

ARGS = dict(task_description="Fix the service.", instructions="Reply with one call.", task="mitigation",
            namespace="ns", iteration=1, max_iterations=15)


def _entry(i: int, lines: int = 3) -> MemoryEntry:
    evidence = "\n".join(f"$ kubectl get pods -n ns  # evidence line {j} of iteration {i}" for j in range(lines))
    return MemoryEntry(iteration=i, action=NextAction.PROBE, summary=f"finding {i}", evidence=evidence)


def test_short_term_is_the_previous_iteration_and_long_term_keeps_ten():
    memory = Memory()
    for i in range(1, 14):
        memory.remember(_entry(i))
    ctx = memory.context(**ARGS)
    assert [e.iteration for e in ctx.recent] == [13]
    assert len(ctx.summaries) == 10
    assert "finding 1" in ctx.summaries[0] and "finding 2" in ctx.summaries[0]  # the oldest were merged
    assert ctx.summaries[-1].startswith("#12 probe: finding 12")


def test_evidence_shrinks_first_then_summaries():
    memory = Memory(budget_tokens=600)
    for i in range(1, 6):
        memory.remember(_entry(i))
    memory.remember(_entry(6, lines=200))
    ctx = memory.context(**ARGS)
    assert context_tokens(ctx) <= 600
    assert len(ctx.summaries) == 5 and "cut to fit the context budget" in ctx.recent[0].evidence

    tight = Memory(budget_tokens=70)
    for i in range(1, 6):
        tight.remember(_entry(i, lines=50))
    small = tight.context(**ARGS)
    assert context_tokens(small) <= 70 and len(small.summaries) < 4
    assert small.recent[0].evidence.splitlines()[0].startswith("$ kubectl")  # the evidence's head survives


def test_default_budget_is_the_papers_4096_tokens():
    memory = Memory()
    memory.remember(_entry(1, lines=2000))
    assert memory.budget_tokens == 4096 and context_tokens(memory.context(**ARGS)) <= 4096
