"""The runtime's events, and the `Recorder` that turns them into an `aoi.trajectories` record.

The runtime emits one typed event per thing that happened; the `Recorder` and any live view
(``on_event``) are both just listeners. Events carry raw output for the record and the human
watching; the Observer never receives an event (it only ever gets an `ObserverContext`).

Steps written per event:

* `ObserverStep`  -> an ``observer`` step (input: the rendered context; output: the decision JSON)
* `CommandStep`   -> a ``probe`` or ``executor`` step (observation: raw output, or the refusal)
  followed by a ``compressor`` step (output: the evidence; ``metadata.of_step`` points back)
* `ExecutorStep`  -> an ``executor`` step for the order as a whole (status, audit ids)
* `SubmitStep`    -> an ``observer`` step whose command is the ``submit(...)`` call
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aoi.trajectories import Role, Status, Step, Trajectory

from .compressor import estimate_tokens
from .contracts import ExecutorOrder, ObserverContext, ObserverDecision

if TYPE_CHECKING:
    from aoi.problems import Incident, Problem
    from aoi.trajectories import TrajectoryStore

__all__ = ["CommandStep", "Event", "ExecutorStep", "ObserverStep", "Recorder", "RunEnded", "SubmitStep"]


@dataclass(frozen=True)
class ObserverStep:
    """The Observer saw ``context`` and decided (or failed to: ``error``)."""

    iteration: int
    context: ObserverContext
    context_tokens: int
    decision: ObserverDecision | None
    error: str | None = None
    started_at: float = field(default_factory=time.time)
    duration_s: float = 0.0

    def describe(self) -> str:
        if self.decision is None:
            return f"[{self.iteration}] observer: invalid decision: {self.error}"
        d = self.decision
        return (f"[{self.iteration}] observer ({self.context_tokens} tokens): {d.phase.value}, "
                f"confidence {d.confidence}, next {d.next_action.value}: {d.hypothesis}")


@dataclass(frozen=True)
class CommandStep:
    """One command the Probe or the Executor ran or refused, with raw text and its evidence."""

    iteration: int
    role: str  # "probe" or "executor"
    goal: str
    command: str
    verdict: str
    ran: bool
    raw: str
    evidence: str
    started_at: float = field(default_factory=time.time)
    duration_s: float = 0.0
    exit_code: int | None = None  # the command's exit status; None when it did not run

    def describe(self) -> str:
        state = "" if self.ran else " (not run)"
        body = "\n".join(f"    {line}" for line in self.evidence.splitlines()[1:])
        return f"    {self.role} [{self.verdict}]{state} $ {self.command}" + (f"\n{body}" if body else "")


@dataclass(frozen=True)
class ExecutorStep:
    """How one order ended: applied, refused, dry-run, rejected or rolled-back."""

    iteration: int
    order: ExecutorOrder
    status: str
    reason: str
    audit_ids: tuple[int, ...]
    started_at: float = field(default_factory=time.time)
    duration_s: float = 0.0

    def describe(self) -> str:
        return f"    executor: {self.status}: {self.reason}"


@dataclass(frozen=True)
class SubmitStep:
    """The Observer's submit, and what the environment answered."""

    iteration: int
    action: str
    observation: str
    submitted: bool
    started_at: float = field(default_factory=time.time)

    def describe(self) -> str:
        return f"    submit: {self.action} -> {self.observation.strip() or '(no answer)'}"


@dataclass(frozen=True)
class RunEnded:
    """The run is over; ``results`` is AIOpsLab's result dict (empty if it never got scored)."""

    reason: str
    results: dict[str, Any]
    success: bool

    def describe(self) -> str:
        return f"run ended ({self.reason}): {'success' if self.success else 'failure'}"


Event = ObserverStep | CommandStep | ExecutorStep | SubmitStep | RunEnded


class Recorder:
    """Builds a `Trajectory` step by step, mirroring each step into a store when one is given."""

    def __init__(self, problem: Problem | Incident, *, agent: str, model: str | None, seed: int,
                 store: TrajectoryStore | None = None) -> None:
        self.store = store
        self.trajectory = Trajectory(
            problem_id=problem.id, task=problem.task.value, agent=agent, model=model, seed=seed, started_at=time.time(),
            # A live incident (aoi.problems.Incident) has neither an app nor a split.
            app=problem.app.value if problem.app else None, split=problem.split.value if problem.split else None,
        )  # fmt: skip
        if store is not None:
            store.start(self.trajectory)

    @property
    def id(self) -> str:
        return self.trajectory.id

    def handle(self, event: Event) -> None:
        """Record the steps for one event (see module docstring)."""
        if isinstance(event, ObserverStep):
            output = event.decision.model_dump_json() if event.decision else ""
            self._add(Role.OBSERVER, input=event.context.render(), output=output, error=event.error,
                      tokens_in=event.context_tokens, tokens_out=estimate_tokens(output),
                      started_at=event.started_at, duration_s=event.duration_s,
                      metadata={"iteration": event.iteration})
        elif isinstance(event, CommandStep):
            index = self._add(Role(event.role), input=event.goal, command=event.command, verdict=event.verdict,
                              observation=event.raw, error=None if event.ran else event.raw,
                              started_at=event.started_at, duration_s=event.duration_s,
                              metadata={"iteration": event.iteration})
            self._add(Role.COMPRESSOR, output=event.evidence, tokens_out=estimate_tokens(event.evidence),
                      metadata={"iteration": event.iteration, "of_step": index})
        elif isinstance(event, ExecutorStep):
            self._add(Role.EXECUTOR, input=event.order.model_dump_json(), output=f"{event.status}: {event.reason}",
                      started_at=event.started_at, duration_s=event.duration_s,
                      metadata={"iteration": event.iteration, "status": event.status,
                                "audit_ids": list(event.audit_ids)})
        elif isinstance(event, SubmitStep):
            self._add(Role.OBSERVER, command=event.action, observation=event.observation,
                      started_at=event.started_at, metadata={"iteration": event.iteration, "submit": True})

    def finish(self, results: dict[str, Any], submission: Any, status: Status) -> None:
        """Close the trajectory (in the store too); safe to call from a ``finally``."""
        self.trajectory.results, self.trajectory.submission = results, jsonable(submission)
        self.trajectory.status, self.trajectory.ended_at = status, time.time()
        if self.store is not None:
            self.store.finish(self.id, results=results, submission=jsonable(submission), status=status)

    def _add(self, role: Role, **fields: Any) -> int:
        step = Step(index=len(self.trajectory.steps), role=role, **fields)
        self.trajectory.steps.append(step)
        if self.store is not None:
            self.store.append_step(self.id, step)
        return step.index


def jsonable(value: Any) -> Any:
    """``value`` if JSON can hold it, else its repr (submissions and results are free-form)."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value
