"""One config object per LLM role; every default is written here once.

The Observer's output budget is generous because a decision carries a hypothesis, commands and
possibly a submission; the paper's bound is on its *input* ("context is 4,096 tokens per
iteration", aoi-paper.md §3.1), which the runtime enforces when it builds `ObserverContext`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["LLMCompressorConfig", "LLMExecutorPlannerConfig", "LLMObserverConfig", "LLMProbePlannerConfig"]


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LLMObserverConfig(_Config):
    """How the LLM Observer asks for a decision."""

    max_tokens: int = Field(default=1024, gt=0, description="Completion budget of one decision.")
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature (0 = greedy).")
    reasks: int = Field(
        default=1, ge=0, description="Times to re-ask with the validation error before falling back."
    )


class LLMProbePlannerConfig(_Config):
    """How the LLM Probe planner turns a goal into commands."""

    max_tokens: int = Field(default=400, gt=0, description="Completion budget of one plan.")
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    max_commands: int = Field(default=4, gt=0, description="Most commands kept from one plan.")


class LLMExecutorPlannerConfig(_Config):
    """How the LLM Executor planner turns an order's intent into write commands."""

    max_tokens: int = Field(default=600, gt=0, description="Completion budget of one plan.")
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    max_commands: int = Field(default=3, gt=0, description="Most write commands kept from one plan.")
    max_verify: int = Field(default=3, gt=0, description="Most verify reads kept from one plan.")


class LLMCompressorConfig(_Config):
    """How the LLM Compressor condenses output."""

    max_tokens: int = Field(default=700, gt=0, description="Completion budget of one compression.")
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    max_input_chars: int = Field(
        default=24_000,
        gt=0,
        description="Raw output longer than this is cut in the middle before it is sent (head and tail kept).",
    )
