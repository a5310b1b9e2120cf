"""The trajectory schema: every step an agent took, and the attempt it belongs to.

A `Trajectory` is one attempt at one problem: who tried (agent, model, seed), what each role saw
and said at every `Step`, what ran on the cluster and what came back, and AIOpsLab's verdict.
Times are seconds since the epoch (``time.time()``, as AIOpsLab records them) or durations in
seconds. Models reject unknown fields, so a typo or a file from a newer schema fails loudly.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Role", "Status", "Step", "Trajectory", "TrajectorySummary", "Verdict", "aiopslab_success"]

Verdict = Literal["read", "write", "denied"]
"""The safety classifier's call on a command: reads run, writes need the Executor, denied never run."""


class Role(StrEnum):
    """Who produced a step."""

    OBSERVER = "observer"
    PROBE = "probe"
    EXECUTOR = "executor"
    COMPRESSOR = "compressor"
    AGENT = "agent"  # a single-agent baseline speaking AIOpsLab's protocol directly
    ENV = "env"  # the environment itself (a prompt or an answer not tied to a role's step)


class Status(StrEnum):
    """Where a trajectory stands. Only ``running`` ones still get steps."""

    RUNNING = "running"
    FINISHED = "finished"
    INTERRUPTED = "interrupted"  # the writing process died or was stopped before `finish`
    FAILED = "failed"  # the run ended on an error of its own (not a wrong answer)


class Step(BaseModel):
    """One call of one role."""

    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=0, description="position in the trajectory, from 0")
    role: Role
    input: str = Field("", description="the prompt or context text the role saw")
    output: str = Field("", description="the raw model output (for env steps: what the env said)")
    command: str | None = Field(
        None,
        description="what the step ran on the environment: a shell command, or an AIOpsLab API call "
        "such as submit(...); None when nothing ran",
    )
    verdict: Verdict | None = Field(None, description="the safety classifier's verdict on `command`")
    observation: str | None = Field(
        None, description="what came back: raw for probe/executor, compressed for the observer"
    )
    tokens_in: int = Field(0, ge=0)
    tokens_out: int = Field(0, ge=0)
    started_at: float | None = None
    duration_s: float = Field(0.0, ge=0)
    error: str | None = Field(None, description="why the step failed, if it did")
    metadata: dict[str, Any] = Field(default_factory=dict)


def aiopslab_success(results: dict[str, Any]) -> bool:
    """AIOpsLab's verdict: detection by its accuracy string, the other tasks by ``success``."""
    if "Detection Accuracy" in results:
        return results["Detection Accuracy"] == "Correct"
    return bool(results.get("success", False))


class _Header(BaseModel):
    """Fields shared by a trajectory and its summary."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), description="also the AIOpsLab session id")
    problem_id: str
    task: str | None = Field(None, description="detection, localization, analysis or mitigation")
    app: str | None = None
    agent: str = Field("agent", description="the agent's name, AIOpsLab's ``agent`` key")
    model: str | None = Field(None, description="the LLM behind the agent, if any")
    seed: int | None = None
    split: str | None = Field(None, description="train or test")
    started_at: float | None = None
    ended_at: float | None = None
    status: Status = Status.RUNNING


class Trajectory(_Header):
    """One attempt at one problem, step by step."""

    steps: list[Step] = Field(default_factory=list)
    submission: Any = Field(None, description="what the agent submitted, any JSON value")
    results: dict[str, Any] = Field(
        default_factory=dict, description="AIOpsLab's result dict, including success and strict_success"
    )

    @property
    def success(self) -> bool:
        """AIOpsLab's verdict on `results` (False while there are none)."""
        return aiopslab_success(self.results)

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens over every step."""
        return sum(step.tokens_in + step.tokens_out for step in self.steps)

    def summary(self) -> TrajectorySummary:
        """The header with counts instead of steps, as `TrajectoryStore.list` returns it."""
        header = self.model_dump(include=set(_Header.model_fields))
        return TrajectorySummary(
            **header, n_steps=len(self.steps), total_tokens=self.total_tokens, success=self.success
        )


class TrajectorySummary(_Header):
    """A trajectory without its steps: what listings and filters need."""

    n_steps: int = 0
    total_tokens: int = 0
    success: bool = False
