"""The runtime loop: Observer plans, Probe reads, Executor writes, Compressor condenses, memory keeps.

    for each iteration (at most 15, aoi-paper.md §3.1):
        context  = memory.context(...)           # compressed evidence + summaries, <= 4,096 tokens
        decision = observer.decide(context)      # the only call the Observer ever gets
        probe    -> Probe.run -> Compressor      # reads only, gated twice
        executor -> [planner] -> Executor.execute  # whitelist + approval + checkpoint + verify
        submit   -> the environment; the run ends when the submit is valid
        memory.remember(evidence)

All cluster access goes through the `Episode`: commands are ``exec_shell(...)`` actions and the
submit is ``submit(...)``, so the AIOpsLab result JSON is produced exactly as for any agent. A
malformed decision is an observation for the Observer; `MAX_INVALID_IN_A_ROW` of them end the run.
When the iterations run out the episode is scored with whatever was submitted (None if nothing).
Every step is recorded (`recording.Recorder`) and the trajectory is closed in a ``finally``.

Guidance. ``guidance`` is either fixed lines or a `GuidanceHook`: a plain callable that gets
evidence text and returns rendered guidance lines, e.g. a Failure Evolver library's search (the
agents never import the evolver; the caller wires it in). Every iteration with evidence it is
asked once per command block of the evidence the Observer is about to see; the answers are
merged by rank, lines that name this task type first. What it returned stays for the rest of
the run, the newest first, and `fit_guidance` keeps whole lines within `guidance_budget` tokens.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from aoi.env import Episode, Turn, exec_shell_action, fence
from aoi.env.backend import Backend, Checkpointing
from aoi.problems import Incident, Problem, TaskType, get_problem
from aoi.safety import Verdict
from aoi.trajectories import Status, Trajectory, TrajectoryStore, aiopslab_success

from .compressor import Compressor, RuleCompressor, estimate_tokens
from .contracts import ExecutorOrder, MemoryEntry, NextAction, ObserverDecision
from .executor import Approval, AuditLog, Confirm, Executor
from .memory import DEFAULT_CONTEXT_BUDGET, Memory, context_tokens
from .observer import InvalidDecision, Observer
from .probe import Planner, Probe, RawOutput, RawResult, compress_result, gate
from .recording import CommandStep, Event, ExecutorStep, ObserverStep, Recorder, RunEnded, SubmitStep

__all__ = [
    "GUIDANCE_BUDGET",
    "MAX_INVALID_IN_A_ROW",
    "STEPS_PER_ITERATION",
    "GuidanceHook",
    "RenderedSearch",
    "RunResult",
    "fit_guidance",
    "guidance_budget",
    "reset_observer",
    "run_problem",
    "submit_action",
]

MAX_INVALID_IN_A_ROW = 3
STEPS_PER_ITERATION = 8  # episode steps (commands) budgeted per Observer iteration
#: Tokens of guidance per Observer context, at most: a quarter of the 4,096-token context (the
#: evidence keeps the rest), room for two or three Failure Evolver entries.
GUIDANCE_BUDGET = 1024
_FAILED = "[ERROR] Command execution failed: "

#: Evidence text -> rendered guidance lines for it (most relevant first). Called once per
#: iteration with evidence; it must not raise for text it finds nothing in (return []).
GuidanceHook = Callable[[str], list[str]]


@dataclass(frozen=True)
class RenderedSearch:
    """A `GuidanceHook` from a library's ``search(text)`` that returns entries with ``render()``.

    A callable class rather than a closure, so that a hook over a picklable library travels to
    the bench's worker processes."""

    search: Callable[[str], Sequence[Any]]

    def __call__(self, evidence: str) -> list[str]:
        return [entry if isinstance(entry, str) else entry.render() for entry in self.search(evidence)]


def guidance_budget(context_budget: int) -> int:
    """Tokens guidance may take in a context of ``context_budget``: `GUIDANCE_BUDGET`, at most a quarter."""
    return min(GUIDANCE_BUDGET, context_budget // 4)


def fit_guidance(lines: Sequence[str], budget_tokens: int) -> tuple[str, ...]:
    """The first of ``lines`` (no repeats) whose tokens add up to at most ``budget_tokens``; a line
    is kept whole or not at all (the runbook parses them), so one too long is skipped."""
    kept: list[str] = []
    used = 0
    for line in dict.fromkeys(lines):
        cost = estimate_tokens(f"- {line}\n")
        if used + cost <= budget_tokens:
            kept.append(line)
            used += cost
    return tuple(kept)


class RunResult(BaseModel):
    """The outcome of one run, with AIOpsLab's result dict."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    problem_id: str
    agent: str
    success: bool
    strict_success: bool | None = Field(description="AOI's strict verdict; None when the run was never scored")
    results: dict[str, Any]
    iterations: int
    submission: Any = None
    trajectory_id: str
    max_context_tokens: int = Field(description="the largest Observer context of the run (estimated tokens)")
    end_reason: str
    trajectory: Trajectory | None = Field(None, exclude=True, description="the full record, in memory")


def submit_action(submission: Any) -> str:
    """The ``submit(...)`` action for a submission (``submit()`` for None, mitigation's form)."""
    return "submit()" if submission is None else f"submit({submission!r})"


def run_problem(
    problem: str | Problem | Incident,
    observer: Observer,
    *,
    backend: Backend | None = None,
    seed: int = 0,
    max_iterations: int = 15,
    approval: str | Approval = "auto",
    confirm: Confirm | None = None,
    context_budget: int = DEFAULT_CONTEXT_BUDGET,
    store: TrajectoryStore | None = None,
    on_event: Callable[[Event], None] | None = None,
    compressor: Compressor | None = None,
    agent: str = "aoi",
    model: str | None = None,
    guidance: Sequence[str] | GuidanceHook = (),
    noise: str = "realistic",
    max_steps: int | None = None,
) -> RunResult:
    """Run ``observer`` on one problem (on a fresh `TwinBackend` with telemetry realism ``noise``,
    "off", "realistic" or "high", unless ``backend`` is given).

    The Observer may carry its own versions of the other roles: an ``observer.compressor`` is
    used when ``compressor`` is not given, and an ``observer.planner`` (with ``plan(request, *,
    namespace=)``) turns goal-only probe requests into commands. Likewise an
    ``observer.executor_planner`` (with ``plan(order)`` returning an object with ``.order`` and a
    one-line ``.note``) writes the commands of an order that has none; only its commands and
    verify reads are taken (namespace, target and intent stay the Observer's), and the note is
    added to the Executor's reason. Planned commands go through the Probe's safety gate or the
    Executor's checks like any others; without a planner a command-less order is refused.

    ``guidance`` is fixed guidance lines or a `GuidanceHook` asked each iteration (module docstring).
    ``max_steps`` is the episode's step budget, ``max_iterations * STEPS_PER_ITERATION`` unless
    given (a one-iteration run that must not run short, such as a reward scoring one decision).
    """
    if max_iterations < 1:
        raise ValueError(f"max_iterations must be at least 1, got {max_iterations}")
    problem = get_problem(problem) if isinstance(problem, str) else problem
    if backend is None:
        from aoi.env import TwinBackend

        backend = TwinBackend(noise=noise)
    compressor = compressor or getattr(observer, "compressor", None) or RuleCompressor()
    steps = max_steps if max_steps is not None else max_iterations * STEPS_PER_ITERATION
    loop = _Loop(problem, observer, backend, seed, max_iterations, context_budget, compressor, steps)
    loop.recorder = Recorder(problem, agent=agent, model=model, seed=seed, store=store)
    loop.listeners = [loop.recorder.handle, *([on_event] if on_event else [])]
    loop.build_roles(approval if isinstance(approval, Approval) else Approval.of(approval, confirm), guidance)
    status = Status.FAILED
    try:
        loop.run()
        status = Status.FINISHED
    except KeyboardInterrupt:
        status = Status.INTERRUPTED
        raise
    finally:
        loop.recorder.finish(loop.results, loop.episode.solution, status)
    return loop.result(agent)


class _Loop:
    """One run's state; `run` is the loop in the module docstring."""

    recorder: Recorder
    listeners: list[Callable[[Event], None]]

    def __init__(self, problem: Problem, observer: Observer, backend: Backend, seed: int,
                 max_iterations: int, budget: int, compressor: Compressor, max_steps: int) -> None:
        self.problem, self.observer, self.backend = problem, observer, backend
        self.max_iterations, self.compressor = max_iterations, compressor
        self.episode = Episode(problem, backend, max_steps=max_steps, seed=seed)
        self.memory = Memory(budget_tokens=budget)
        self.iteration, self.max_tokens, self.invalid = 0, 0, 0
        self.results: dict[str, Any] = {}
        self.end_reason = "not started"
        self._submitted = False
        self._timings: dict[str, list[tuple[float, float]]] = {}

    def build_roles(self, approval: Approval, guidance: Sequence[str] | GuidanceHook) -> None:
        self.task_description, self.instructions, _ = self.episode.reset()
        self.guidance_hook = guidance if callable(guidance) else None
        self.retrieved: list[str] = [] if callable(guidance) else list(guidance)
        can = isinstance(self.backend, Checkpointing)
        planner = _planner(self.observer, self.problem.namespace)
        self.executor_planner = getattr(self.observer, "executor_planner", None)
        self.probe = Probe(gate(self._run, Verdict.READ), planner=planner)
        self.executor = Executor(
            gate(self._run, Verdict.READ, Verdict.WRITE), gate(self._run, Verdict.READ),
            self.backend.checkpoint if can else None, self.backend.restore if can else None,  # type: ignore[attr-defined]
            approval, AuditLog(), compressor=self.compressor,
        )

    def run(self) -> None:
        reset_observer(self.observer, self.task_description)
        self.end_reason = "the iteration budget ran out"
        while self.iteration < self.max_iterations and not self.episode.done:
            self.iteration += 1
            decision = self._decide()
            if decision is None:
                if self.invalid >= MAX_INVALID_IN_A_ROW:
                    self.end_reason = f"{MAX_INVALID_IN_A_ROW} invalid decisions in a row"
                    break
                continue
            evidence = self._dispatch(decision)
            self.memory.remember(MemoryEntry(iteration=self.iteration, action=decision.next_action,
                                             summary=decision.summary, evidence=evidence))
        if self.episode.done and self.episode.steps >= self.episode.max_steps and not self._submitted:
            self.end_reason = "the episode's step budget ran out"
        if not self.episode.done:
            self.episode.close()
        self.results = dict(self.episode.result().results)
        self._emit(RunEnded(self.end_reason, self.results, aiopslab_success(self.results)))

    def _decide(self) -> ObserverDecision | None:
        context = self.memory.context(
            task_description=self.task_description, instructions=self.instructions, task=self.problem.task.value,
            namespace=self.problem.namespace, iteration=self.iteration, max_iterations=self.max_iterations,
            guidance=self._guidance(),
        )  # fmt: skip
        tokens = context_tokens(context)
        self.max_tokens = max(self.max_tokens, tokens)
        start = time.time()
        try:
            decision = self.observer.decide(context)
            error = _invalid(decision, self.problem)
        except (InvalidDecision, ValueError) as exc:
            decision, error = None, str(exc)
        self._emit(ObserverStep(self.iteration, context, tokens, None if error else decision, error,
                                start, time.time() - start))
        if error is None:
            self.invalid = 0
            return decision
        self.invalid += 1
        self.memory.remember(MemoryEntry(iteration=self.iteration, action=NextAction.PROBE,
                                         summary="invalid decision", evidence=f"invalid decision: {error}"))
        return None

    def _guidance(self) -> tuple[str, ...]:
        """Guidance for this iteration: the hook's answer for the evidence, then earlier answers."""
        memory = self.memory
        if self.guidance_hook is not None and memory.recent is not None:
            found = _ranked_merge([self.guidance_hook(query) for query in _queries(memory.recent.evidence)])
            task = self.problem.task.value
            # A lesson learnt on another task type answers in another format: this task's come first.
            found = [line for line in found if task in line] + [line for line in found if task not in line]
            self.retrieved = list(dict.fromkeys([*found, *self.retrieved]))
        return fit_guidance(self.retrieved, guidance_budget(memory.budget_tokens))

    def _dispatch(self, decision: ObserverDecision) -> str:
        if decision.next_action is NextAction.SUBMIT:
            return self._submit(decision.submission)
        if decision.next_action is NextAction.PROBE:
            assert decision.probe is not None  # checked by _invalid
            results = self.probe.run(decision.probe)
            return "\n".join(self._command_steps("probe", decision.probe.goal, results))
        assert decision.order is not None
        start = time.time()
        order, note = self._planned(decision.order)
        report = self.executor.execute(order)
        if note:
            report = replace(report, reason=f"{report.reason}; {note}")
        raw = [*report.before, *report.writes, *report.after]
        self._command_steps("executor", order.intent, raw, report.evidence)
        self._emit(ExecutorStep(self.iteration, order, report.status, report.reason, report.audit_ids,
                                start, time.time() - start))
        return report.render()

    def _planned(self, order: ExecutorOrder) -> tuple[ExecutorOrder, str]:
        """The order to execute, planned first when it has no commands and a planner exists."""
        if order.commands or self.executor_planner is None:
            return order, ""
        plan = self.executor_planner.plan(order)
        planned = {**order.model_dump(), "commands": plan.order.commands, "verify": plan.order.verify}
        return ExecutorOrder.model_validate(planned), plan.note

    def _command_steps(self, role: str, goal: str, results: list[RawResult], evidence: tuple = ()) -> list[str]:
        shown = []
        for i, result in enumerate(results):
            ev = evidence[i] if i < len(evidence) else compress_result(self.compressor, result)
            started, took = (self._timings.get(result.command) or [(time.time(), 0.0)]).pop(0)
            self._emit(CommandStep(self.iteration, role, goal, result.command, result.verdict.value, result.ran,
                                   result.text, ev.render(), started, took,
                                   result.output.exit_code if result.output else None))
            shown.append(ev.render())
        return shown

    def _submit(self, submission: Any) -> str:
        action = submit_action(submission)
        turn = self.episode.act(fence(action))
        self._emit(SubmitStep(self.iteration, action, turn.observation, turn.submitted))
        if turn.submitted:
            self._submitted, self.end_reason = True, "the Observer submitted"
        return compress_result(self.compressor, _as_result(action, _raw(turn))).render()

    def _run(self, command: str) -> RawOutput:
        """Send one command through the episode (gated by the caller)."""
        if self.episode.done:
            return RawOutput("", "the episode is over (its step budget is spent); nothing ran", 1)
        start = time.time()
        turn = self.episode.act(fence(exec_shell_action(command)))
        self._timings.setdefault(command, []).append((start, time.time() - start))
        return _raw(turn)

    def _emit(self, event: Event) -> None:
        for listener in self.listeners:
            listener(event)

    def result(self, agent: str) -> RunResult:
        return RunResult(
            problem_id=self.problem.id, agent=agent, success=aiopslab_success(self.results),
            strict_success=self.results.get("strict_success"), results=self.results, iterations=self.iteration,
            submission=self.episode.solution, trajectory_id=self.recorder.id, max_context_tokens=self.max_tokens,
            end_reason=self.end_reason, trajectory=self.recorder.trajectory,
        )  # fmt: skip


def _queries(evidence: str) -> list[str]:
    """One retrieval query per command's evidence (``$ command`` blocks), so that one telling log
    line is not outweighed by a long table next to it."""
    blocks: list[list[str]] = []
    for line in evidence.splitlines():
        if line.startswith("$ ") or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return [text for block in blocks if (text := "\n".join(block).strip())]


def _ranked_merge(answers: list[list[str]]) -> list[str]:
    """Every answer's first line, then every answer's second, ..., without repeats."""
    merged: list[str] = []
    for rank in range(max((len(a) for a in answers), default=0)):
        merged += [a[rank] for a in answers if rank < len(a) and a[rank] not in merged]
    return merged


def reset_observer(observer: Observer, summary: str) -> None:
    """Call the Observer's optional ``reset(problem_summary)`` (or a ``reset()`` without one)."""
    reset = getattr(observer, "reset", None)
    if not callable(reset):
        return
    takes_summary = any(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
        for p in inspect.signature(reset).parameters.values()
    )
    reset(summary) if takes_summary else reset()


def _planner(observer: Observer, namespace: str) -> Planner | None:
    """The Observer's optional ``planner`` as the Probe's `Planner` (the problem's namespace by default)."""
    planner = getattr(observer, "planner", None)
    if planner is None:
        return None
    return lambda request: list(planner.plan(request, namespace=namespace))


def _invalid(decision: object, problem: Problem) -> str | None:
    """Why a decision cannot be carried out, or None."""
    if not isinstance(decision, ObserverDecision):
        return f"expected an ObserverDecision, got {type(decision).__name__}"
    if decision.next_action is NextAction.PROBE and decision.probe is None:
        return "next_action is probe but no probe request was given"
    if decision.next_action is NextAction.EXECUTOR:
        if decision.order is None:
            return "next_action is executor but no order was given"
        if problem.task is not TaskType.MITIGATION:
            return f"the Executor only acts on mitigation tasks; this is a {problem.task.value} task"
    return None


def _raw(turn: Turn) -> RawOutput:
    """The episode's answer as raw output: AIOpsLab folds stderr into one text."""
    if turn.error is not None:
        return RawOutput("", turn.observation, 1)
    if turn.observation.startswith(_FAILED):
        return RawOutput("", turn.observation[len(_FAILED):], 1)
    return RawOutput(turn.observation)


def _as_result(command: str, output: RawOutput) -> RawResult:
    return RawResult(command, Verdict.READ, "an API call", output)
