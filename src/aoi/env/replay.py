"""Feeding a fixed list of agent responses through an episode on the twin.

Two callers: `run_actions` (``aoi env call``: actions typed by a person, bare or fenced) and
`replay_session` (``aoi replay``: the assistant turns of a recorded AIOpsLab session, to see
whether each would parse and run here and how the twin scores the same run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .backends.twin import TwinBackend
from .episode import Episode, Turn
from .parser import fence
from .session import SessionRecord

__all__ = ["ActionResult", "ReplayReport", "ReplayStep", "replay_session", "run_actions"]


class ActionResult(BaseModel):
    """One action and the observation it produced; ``result`` is set on the step that ended it."""

    action: str
    observation: str
    result: dict[str, Any] | None = None


class ReplayStep(BaseModel):
    """One recorded assistant turn: did it parse, did it run, and the error text if not."""

    action: str
    parsed: bool
    ran: bool
    error: str | None = None


class ReplayReport(BaseModel):
    """A recorded session next to its replay on the twin."""

    problem_id: str
    steps: list[ReplayStep]
    result: dict[str, Any]
    recorded_result: dict[str, Any]


def _episode(
    problem_id: str, *, seed: int, max_steps: int, workdir: Path | None, noise: str = "realistic"
) -> Episode:
    from aoi.problems import get_problem

    problem = get_problem(problem_id)  # raises UnknownProblem with close matches
    episode = Episode(problem, TwinBackend(workdir=workdir, noise=noise), max_steps=max_steps, seed=seed)
    episode.reset()
    return episode


def run_actions(
    problem_id: str,
    actions: list[str],
    *,
    seed: int = 0,
    max_steps: int = 30,
    workdir: Path | None = None,
    noise: str = "realistic",
) -> list[ActionResult]:
    """Run ``actions`` in order on a fresh twin with the fault injected; stop when the episode ends.

    Bare actions (``submit("Yes")``) are fenced first. The step that ends the episode (a valid
    submit, or the last allowed step) carries the session's ``results``. ``noise`` is the twin's
    telemetry realism (`TwinBackend`): "off", "realistic" or "high".
    """
    episode = _episode(problem_id, seed=seed, max_steps=max_steps, workdir=workdir, noise=noise)
    out: list[ActionResult] = []
    for action in actions:
        if episode.done:
            break
        observation = episode.step(fence(action))
        result = episode.result().results if episode.done else None
        out.append(ActionResult(action=action, observation=observation, result=result))
    return out


def replay_session(
    session: SessionRecord | Path | str, *, seed: int = 0, workdir: Path | None = None
) -> ReplayReport:
    """Replay the assistant turns of a recorded session on the twin, one step per turn."""
    record = session if isinstance(session, SessionRecord) else SessionRecord.load(session)
    responses = [item.content for item in record.trace if item.role == "assistant"]
    episode = _episode(record.problem_id, seed=seed, max_steps=max(1, len(responses)), workdir=workdir)
    steps = [_replay_step(episode.act(response)) for response in responses if not episode.done]
    if not episode.done:  # a recording without any assistant turn
        episode.close()
    return ReplayReport(
        problem_id=record.problem_id,
        steps=steps,
        result=episode.result().results,
        recorded_result=record.results,
    )


def _replay_step(turn: Turn) -> ReplayStep:
    return ReplayStep(action=turn.response, parsed=turn.parsed, ran=turn.ran, error=turn.error)
