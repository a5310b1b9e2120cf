"""The typed messages between the runtime roles. Nothing else crosses a role boundary.

    Observer --ObserverDecision--> runtime
        next_action=probe     -> ProbeRequest    -> Probe    -> raw output -> Compressor -> Evidence
        next_action=executor  -> ExecutorOrder   -> Executor -> raw output -> Compressor -> Evidence
        next_action=submit    -> the submission goes to the environment; the episode ends
    runtime --ObserverContext--> Observer   (task, memory of compressed evidence; never raw output)

The Observer is the only role that submits, and it only ever sees `ObserverContext`, which is
built from `Evidence` (compressed) and summaries: by construction it has no handle on raw output.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ExecutorOrder",
    "MemoryEntry",
    "NextAction",
    "ObserverContext",
    "ObserverDecision",
    "Phase",
    "ProbeRequest",
    "iteration_line",
]

# The line of the rendered context that tells the Observer where it stands in its budget.
_ITERATION_LINE = "Iteration {iteration} of {max_iterations}."
_ITERATION_PATTERN = re.compile(r"^Iteration (\d+) of (\d+)\.$", re.MULTILINE)


def iteration_line(text: str) -> tuple[int, int] | None:
    """(iteration, max_iterations) from the line `ObserverContext.render` writes into ``text``; None
    when there is none."""
    found = _ITERATION_PATTERN.search(text)
    return (int(found.group(1)), int(found.group(2))) if found else None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NextAction(StrEnum):
    PROBE = "probe"
    EXECUTOR = "executor"
    SUBMIT = "submit"


class Phase(StrEnum):
    """Where the Observer is in its procedure; used by rewards and confidence calibration."""

    SURVEY = "survey"
    INVESTIGATE = "investigate"
    DIAGNOSE = "diagnose"
    MITIGATE = "mitigate"
    VERIFY = "verify"
    SUBMIT = "submit"


class ProbeRequest(_Frozen):
    """Read-only work for the Probe: concrete commands, or a goal an LLM Probe turns into commands."""

    goal: str
    commands: tuple[str, ...] = ()
    namespace: str | None = None


class ExecutorOrder(_Frozen):
    """An explicit write order. The Executor refuses anything that does not name a namespace and
    target, or whose commands fail the whitelist; ``verify`` commands are reads run afterwards.
    An order without commands is only an intent: an Observer's ``executor_planner`` turns it into
    commands first, and without one the Executor refuses it."""

    namespace: str
    target: str
    intent: str
    commands: tuple[str, ...] = ()
    verify: tuple[str, ...] = ()


class ObserverDecision(_Frozen):
    """The Observer's structured output for one iteration (what an LLM Observer emits as JSON)."""

    phase: Phase
    hypothesis: str
    confidence: int = Field(ge=0, le=100)
    next_action: NextAction
    summary: str = ""  # the Observer's own one-line summary of what it has learnt so far
    probe: ProbeRequest | None = None
    order: ExecutorOrder | None = None
    submission: Any = None  # the AIOpsLab submit argument; None for mitigation's ``submit()``


class MemoryEntry(_Frozen):
    """One past iteration as the Observer may see it: its decision and the compressed evidence."""

    iteration: int
    action: NextAction
    summary: str
    evidence: str  # rendered compressed evidence, never raw output


class ObserverContext(_Frozen):
    """Everything the Observer sees in one iteration."""

    task_description: str
    instructions: str
    task: str  # detection | localization | analysis | mitigation
    namespace: str
    iteration: int
    max_iterations: int
    recent: tuple[MemoryEntry, ...] = ()  # short-term: the previous iteration's evidence
    summaries: tuple[str, ...] = ()  # long-term: up to 10 summaries of earlier iterations
    guidance: tuple[str, ...] = ()  # corrective guidance from the Failure Evolver, if any

    def render(self) -> str:
        """The text an LLM Observer is prompted with (the runbook reads the fields directly)."""
        where = _ITERATION_LINE.format(iteration=self.iteration, max_iterations=self.max_iterations)
        parts = [self.task_description.strip(), "", where]
        if self.guidance:
            parts += ["", "Guidance from past failures:", *(f"- {g}" for g in self.guidance)]
        if self.summaries:
            parts += ["", "What earlier iterations established:", *(f"- {s}" for s in self.summaries)]
        for entry in self.recent:
            parts += ["", f"Evidence from iteration {entry.iteration} ({entry.action.value}):", entry.evidence]
        return "\n".join(parts)
