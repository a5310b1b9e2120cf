"""Dual-timescale memory: what the Observer remembers, kept inside its context budget.

* Short term: the previous iteration's `MemoryEntry` (its compressed evidence, whole).
* Long term: up to 10 one-line summaries of earlier iterations ("long-term memory holds 10
  summaries", aoi-paper.md §3.1). When an eleventh arrives, the two oldest are merged into one,
  so the first findings fade rather than vanish.

`Memory.context` builds the `ObserverContext` and keeps it within ``budget_tokens`` ("context
is 4,096 tokens per iteration", aoi-paper.md §3.1), counted by `context_tokens` at 4 characters
per token (the Compressor's estimator). Over budget, it cuts the evidence's last lines first,
then drops the oldest summaries. A context that still does not fit (a tiny budget) is returned
as small as it gets; `context_tokens` tells the caller by how much it is over.
"""

from __future__ import annotations

from .compressor import estimate_tokens
from .contracts import MemoryEntry, ObserverContext

__all__ = ["DEFAULT_CONTEXT_BUDGET", "MAX_SUMMARIES", "Memory", "context_tokens"]

DEFAULT_CONTEXT_BUDGET = 4096  # tokens per Observer iteration (aoi-paper.md §3.1)
MAX_SUMMARIES = 10  # long-term summaries (aoi-paper.md §3.1)
_SUMMARY_CHARS = 240  # one summary line, at most
_CUT = "  ... ({n} more line(s) cut to fit the context budget)"


def context_tokens(context: ObserverContext) -> int:
    """Estimated tokens of everything the Observer is shown: ``render()`` plus the instructions."""
    return estimate_tokens(context.render()) + estimate_tokens(context.instructions)


def _summary_of(entry: MemoryEntry) -> str:
    """One line for long-term memory: the Observer's own summary, or the evidence's head."""
    text = entry.summary.strip() or " | ".join(line.strip() for line in entry.evidence.splitlines()[:2])
    line = f"#{entry.iteration} {entry.action.value}: {text}"
    return line if len(line) <= _SUMMARY_CHARS else line[: _SUMMARY_CHARS - 3] + "..."


class Memory:
    """The Observer's memory across one run; `remember` after each iteration, `context` before."""

    def __init__(self, *, budget_tokens: int = DEFAULT_CONTEXT_BUDGET, max_summaries: int = MAX_SUMMARIES):
        if max_summaries < 1:
            raise ValueError(f"max_summaries must be at least 1, got {max_summaries}")
        self.budget_tokens = budget_tokens
        self.max_summaries = max_summaries
        self.recent: MemoryEntry | None = None
        self.summaries: list[str] = []

    def remember(self, entry: MemoryEntry) -> None:
        """Make ``entry`` the short-term memory; the one it replaces becomes a summary."""
        if self.recent is not None:
            self.summaries.append(_summary_of(self.recent))
            if len(self.summaries) > self.max_summaries:
                merged = f"{self.summaries[0]} / {self.summaries[1]}"
                if len(merged) > _SUMMARY_CHARS:
                    merged = merged[: _SUMMARY_CHARS - 3] + "..."
                self.summaries[:2] = [merged]
        self.recent = entry

    def context(
        self,
        *,
        task_description: str,
        instructions: str,
        task: str,
        namespace: str,
        iteration: int,
        max_iterations: int,
        guidance: tuple[str, ...] = (),
    ) -> ObserverContext:
        """The Observer's view for this iteration, shrunk to the budget (see module docstring)."""
        base = ObserverContext(
            task_description=task_description, instructions=instructions, task=task, namespace=namespace,
            iteration=iteration, max_iterations=max_iterations, guidance=guidance,
        )  # fmt: skip
        summaries = list(self.summaries)
        lines = self.recent.evidence.splitlines() if self.recent else []
        keep = len(lines)
        while True:
            context = self._with(base, summaries, lines, keep)
            if context_tokens(context) <= self.budget_tokens:
                return context
            if keep > 1:
                over_chars = (context_tokens(context) - self.budget_tokens) * 4
                keep = max(1, keep - max(1, _lines_for(lines[:keep], over_chars)))
            elif summaries:
                summaries.pop(0)
            else:
                return context

    def _with(self, base: ObserverContext, summaries: list[str], lines: list[str], keep: int) -> ObserverContext:
        recent: tuple[MemoryEntry, ...] = ()
        if self.recent is not None:
            text = "\n".join(lines[:keep])
            if keep < len(lines):
                text += "\n" + _CUT.format(n=len(lines) - keep)
            recent = (self.recent.model_copy(update={"evidence": text}),)
        return base.model_copy(update={"summaries": tuple(summaries), "recent": recent})


def _lines_for(lines: list[str], chars: int) -> int:
    """How many lines from the end of ``lines`` add up to at least ``chars`` characters."""
    total, count = 0, 0
    for line in reversed(lines):
        if total >= chars:
            break
        total += len(line) + 1
        count += 1
    return count
