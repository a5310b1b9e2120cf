"""What a benchmark run records: one `SampleResult` per (problem, sample), and the run around them.

These are the contract between the runner (which writes them), the metrics (which aggregate
them) and the reports (which print them). The ground truth travels with every answer, as
AIOpsLab users asked (microsoft/AIOpsLab#101).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["BenchConfig", "BenchRun", "GuidanceRef", "SampleResult"]


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


class GuidanceRef(BaseModel):
    """The guidance library a run used: where it was and the SHA-256 of its bytes, so that a
    resume with an edited library is refused rather than mixed into one run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    sha256: str = Field(pattern="^[0-9a-f]{64}$")

    @classmethod
    def of(cls, path: Path | str) -> GuidanceRef:
        """The reference of the library file at ``path`` (`OSError` if it cannot be read)."""
        return cls(path=str(path), sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest())


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
    ablate: tuple[str, ...] = Field(default=(), description="runbook check families left out (--ablate)")
    guidance: GuidanceRef | None = Field(default=None, description="the guidance library given to the Observer")

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
        config = self.config
        if config.label:
            return config.label
        extras = [*(f"-{name}" for name in config.ablate), *(["+guidance"] if config.guidance else [])]
        return " ".join([config.agent, *extras]) + (f" ({config.model})" if config.model else "")
