"""`ObserverContext.render` and `iteration_line` agree on where the Observer stands in its budget."""

from __future__ import annotations

from aoi.agents.contracts import MemoryEntry, NextAction, ObserverContext, iteration_line


def test_the_iteration_line_reads_back_what_render_wrote():
    context = ObserverContext(task_description="Find the fault.\nIteration 9 of 9 is not this line", instructions="",
                              task="detection", namespace="ns", iteration=3, max_iterations=8,
                              recent=(MemoryEntry(iteration=2, action=NextAction.PROBE, summary="s",
                                                  evidence="Iteration 1 of 1."),))  # fmt: skip
    assert iteration_line(context.render()) == (3, 8)
    assert iteration_line("no budget here") is None
