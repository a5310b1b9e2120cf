"""What a benchmark run records: one `SampleResult` per (problem, sample), and the run around them.

These are the contract between the runner (which writes them), the metrics (which aggregate
them) and the reports (which print them). The ground truth travels with every answer, as
AIOpsLab users asked (microsoft/AIOpsLab#101).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["BenchConfig", "BenchRun", "SampleResult"]


class SampleResult(BaseModel):
    """One agent run on one problem with one seed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    problem_id: str
    task: str
    app: str
    split: str
    family: str
    sample: int = Field(ge=0, description="0-based index among the problem's k samples")
    seed: int
    success: bool = Field(description="AIOpsLab's verdict")
    strict_success: bool = Field(description="AOI's strict verdict (closes AIOpsLab's blind spots)")
    results: dict[str, Any] = Field(default_factory=dict, description="the AIOpsLab result dict")
    submission: Any = None
    expected: dict[str, Any] = Field(default_factory=dict, description="the answer key")
    steps: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    wall_s: float = 0.0
    virtual_s: float = 0.0
    trajectory_id: str | None = None
    error: str | None = Field(default=None, description="why the sample could not run, if it could not")


class BenchConfig(BaseModel):
    """How a run was invoked; stored with it so `--resume` and reports can check and show it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agent: str
    model: str | None = None
    k: int = Field(ge=1)
    seed: int = 0
    problems: tuple[str, ...]
    noise: str = "realistic"
    label: str | None = Field(default=None, description="a name for the run in comparisons")

    def seeds(self, problem_index: int) -> tuple[int, ...]:
        """The k distinct seeds of a problem: derived, so a resumed run draws the same ones."""
        return tuple(self.seed * 1_000_003 + problem_index * self.k + j for j in range(self.k))


class BenchRun(BaseModel):
    """A whole run: its configuration and every sample finished so far."""

    config: BenchConfig
    started_at: float
    finished_at: float | None = None
    samples: list[SampleResult] = Field(default_factory=list)

    @property
    def name(self) -> str:
        return self.config.label or (f"{self.config.agent}" + (f" ({self.config.model})" if self.config.model else ""))
