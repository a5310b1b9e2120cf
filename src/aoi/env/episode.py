"""One problem attempt, run the way AIOpsLab's orchestrator runs it.

    episode = Episode(problem, TwinBackend(), max_steps=30, seed=0)
    task_desc, instructions, apis = episode.reset()
    observation = None
    while not episode.done:
        response = agent(next_input(observation))   # "Please take the next action" first
        observation = episode.step(response)
    record = episode.result()                       # AIOpsLab's session JSON

Semantics copied from the orchestrator: every agent turn is a step, unparsable ones included;
a `submit` stores its solution *before* it runs (``args[0]`` for exactly one positional argument,
else the list of positional arguments, so keyword-only submits store ``[]``); a submit with the
wrong arity answers Python's `TypeError` text and the loop goes on; a valid submit ends the
episode and is scored at once; when the step budget runs out the stored solution (None if none)
is scored. Time: the backend ticks once per step, before the action runs (the agent's thinking
time); ``TTD``/``TTL``/``TTA``/``TTM`` are seconds of ``clock`` (wall time by default, as in
AIOpsLab) from the end of `reset` to the end of the episode.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aoi.problems import evaluate

from .actions import ActionOutcome, perform
from .errors import EpisodeFinished, ResetNeeded, ResponseParsingError
from .parser import parse_action
from .prompts import api_docs, instructions, task_description
from .session import SessionRecord, TraceItem, session_id_for
from .tokens import approx_tokens

if TYPE_CHECKING:
    from aoi.problems import Evaluation, Incident, Problem

    from .backend import Backend

__all__ = ["NEXT_ACTION", "Episode", "Turn", "next_input"]

NEXT_ACTION = "Please take the next action"
# AIOpsLab's per-task timing key.
_TIME_KEYS = {"detection": "TTD", "localization": "TTL", "analysis": "TTA", "mitigation": "TTM"}


def next_input(observation: str | None = None) -> str:
    """The text the orchestrator hands the agent: the last observation, then the request to act."""
    return NEXT_ACTION if observation is None else f"{observation}\n{NEXT_ACTION}"


@dataclass(frozen=True)
class Turn:
    """One step as it happened: the response, whether it parsed and ran, and the observation."""

    response: str
    observation: str
    parsed: bool
    error: str | None
    submitted: bool

    @property
    def ran(self) -> bool:
        return self.parsed and self.error is None


class Episode:
    """An AIOpsLab session over any `Backend`; see the module docstring for the loop."""

    def __init__(
        self,
        problem: Problem | Incident,
        backend: Backend,
        *,
        max_steps: int = 30,
        seed: int = 0,
        agent_name: str = "agent",
        clock: Callable[[], float] = time.time,
        save_to: Path | None = None,
    ) -> None:
        if max_steps < 1:
            raise ValueError(f"max_steps must be at least 1, got {max_steps}")
        self.problem, self.backend = problem, backend
        self.max_steps, self.seed, self.agent_name = max_steps, seed, agent_name
        self.save_to = save_to  # when set, the record is rewritten after every step
        self._clock = clock
        self._ready = False
        self._trace: list[TraceItem] = []
        self._solution: Any = None
        self._evaluation: Evaluation | None = None
        self._results: dict[str, Any] = {}
        self._start: float | None = None
        self._end: float | None = None
        self._end_reason: str | None = None

    # ------------------------------------------------------------ lifecycle
    def reset(self) -> tuple[str, str, dict[str, str]]:
        """Set the problem up on the backend; return (task description, instructions, APIs)."""
        self.backend.reset(self.problem, self.seed)
        self._trace, self._solution, self._evaluation, self._results = [], None, None, {}
        self._end = None
        self._ready = True
        prompts = task_description(self.problem), instructions(self.problem.task), api_docs(self.problem.task)
        self._start = self._clock()
        return prompts

    def step(self, response: str) -> str:
        """Run one agent response and return the environment's answer."""
        return self.act(response).observation

    def act(self, response: str) -> Turn:
        """`step`, returning the whole `Turn` (for replays and reports)."""
        self._check_can_step()
        self.backend.tick()
        self._trace.append(TraceItem(role="assistant", content=response))
        parsed, outcome = self._respond(response)
        self._trace.append(TraceItem(role="env", content=outcome.observation))
        if outcome.submitted or self.steps >= self.max_steps:
            self._finish("a valid submit" if outcome.submitted else "the step budget ran out")
        if self.save_to is not None:
            self.result().save(self.save_to)
        return Turn(response, outcome.observation, parsed, outcome.error, outcome.submitted)

    def close(self) -> None:
        """End the episode now, as an exhausted step budget does, scoring the stored solution."""
        if not self._ready:
            raise ResetNeeded()
        if not self.done:
            self._finish("closed before the step budget ran out")

    # ----------------------------------------------------------------- state
    @property
    def done(self) -> bool:
        return self._end is not None

    @property
    def steps(self) -> int:
        """Agent turns so far (AIOpsLab's ``steps``: assistant entries in the trace)."""
        return sum(1 for item in self._trace if item.role == "assistant")

    @property
    def solution(self) -> Any:
        """What the last submit stored (None before any)."""
        return self._solution

    @property
    def evaluation(self) -> Evaluation | None:
        """The oracle's verdict, once the episode is done."""
        return self._evaluation

    def result(self) -> SessionRecord:
        """The session so far; ``results`` is filled once the episode is done."""
        return SessionRecord(
            agent=self.agent_name,
            session_id=session_id_for(self.seed, self.problem.id),
            problem_id=self.problem.id,
            start_time=self._start,
            end_time=self._end,
            trace=list(self._trace),
            results=dict(self._results),
        )

    def save(self, path: Path | str) -> Path:
        """Write `result()` as JSON (into ``path`` if it is a folder); return the file written."""
        return self.result().save(path)

    # --------------------------------------------------------------- helpers
    def _check_can_step(self) -> None:
        if not self._ready:
            raise ResetNeeded()
        if self.done:
            raise EpisodeFinished(self.steps, self._end_reason or "")

    def _respond(self, response: str) -> tuple[bool, ActionOutcome]:
        try:
            action = parse_action(response)
        except ResponseParsingError as exc:
            return False, ActionOutcome(str(exc), error=str(exc))
        if action.api == "submit":
            # Stored before the call runs, so a submit with the wrong arity still overwrites it.
            self._solution = action.args[0] if len(action.args) == 1 else list(action.args)
        return True, perform(self.backend, self.problem.task.value, action)

    def _finish(self, reason: str) -> None:
        self._end, self._end_reason = self._clock(), reason
        self._evaluation = evaluate(self.problem, self._solution, self.backend.reader())
        self._results = self._compose_results(self._evaluation)

    def _compose_results(self, evaluation: Evaluation) -> dict[str, Any]:
        # AIOpsLab's order: the oracle's keys, then timing, steps and tokens; AOI's extras last.
        assistant = "".join(item.content for item in self._trace if item.role == "assistant")
        env = "".join(item.content for item in self._trace if item.role != "assistant")
        results: dict[str, Any] = dict(evaluation.results)
        results[_TIME_KEYS[self.problem.task.value]] = (self._end or 0.0) - (self._start or 0.0)
        results.update(steps=self.steps, in_tokens=approx_tokens(env), out_tokens=approx_tokens(assistant))
        results.update({k: v for k, v in evaluation.as_results().items() if k not in results})
        answer = getattr(self.problem, "answer", None)
        if answer is not None:
            # Not an AIOpsLab key: users asked for the ground truth beside the verdict (AIOpsLab#101).
            dump = getattr(answer, "model_dump", None)
            results["expected_answer"] = dump(mode="json", exclude_defaults=True) if dump else answer
        return results
