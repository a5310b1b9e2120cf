"""The evolver's records: a mined `FailureCase`, and the `RepairedPlan` a repairer turns it into.

A plan is the AOI paper's four phases (reference/aoi-paper.md §5: "Discovery (2–5), Diagnosis
(5–15), Resolution (2–8) and Verification (2–5)") as concrete shell commands, plus the submission.
``validated`` is set only by `aoi.evolver.validate.validate_plan`, after the plan was executed in a
fresh twin and the oracle said success; its ``trajectory`` is that validating run.
Both are stored as JSONL, one record per line (`save_jsonl` / `load_cases` / `load_plans`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aoi.trajectories import Trajectory

__all__ = ["EvolverFileError", "FailureCase", "RepairedPlan", "load_cases", "load_jsonl", "load_plans", "save_jsonl"]


class EvolverFileError(ValueError):
    """A mined-cases, plans or library file is missing or malformed; the message names the line."""


class FailureCase(BaseModel):
    """One failed sample of a bench run, classified into a failure pattern (A–F)."""

    model_config = ConfigDict(extra="forbid")

    problem_id: str
    task: str
    family: str
    namespace: str
    target: str | None = Field(description="the fault's target (the answer key's first service), if any")
    sample: int = 0
    seed: int = 0
    noise: str = "realistic"
    success: bool = Field(description="AIOpsLab's verdict (False unless only the strict verdict failed)")
    strict_success: bool
    submission: Any = None
    expected: dict[str, Any] = Field(default_factory=dict)
    pattern: str = Field(pattern="^[A-F]$")
    step_index: int = Field(ge=0, description="the trajectory step where the run went wrong")
    reason: str = Field(description="why the rules chose this pattern, in one sentence")
    trajectory: Trajectory


class RepairedPlan(BaseModel):
    """A corrected plan in four phases; ``validated`` only after it succeeded when executed."""

    model_config = ConfigDict(extra="forbid")

    id: str
    problem_id: str
    task: str
    family: str
    namespace: str
    target: str | None = None
    seed: int = 0
    noise: str = "realistic"
    pattern: str | None = Field(None, description="the failure it repairs; None for augmented plans")
    repairer: str = Field(description="offline, llm or augment")
    discovery: list[str] = Field(default_factory=list)
    diagnosis: list[str] = Field(default_factory=list)
    resolution: list[str] = Field(default_factory=list, description="write commands (mitigation only)")
    verification: list[str] = Field(default_factory=list)
    submission: Any = None
    check: list[str] = Field(default_factory=list, description="the diagnosis reads that revealed the root cause")
    check_evidence: str = Field("", description="their compressed evidence in the validating run")
    failed_evidence: str = Field("", description="compressed evidence of the failed run (symptom source)")
    validated: bool = False
    results: dict[str, Any] = Field(default_factory=dict, description="the validating run's AIOpsLab results")
    trajectory: Trajectory | None = Field(None, description="the validating run")


_M = TypeVar("_M", bound=BaseModel)


def save_jsonl(records: Iterable[BaseModel], path: Path | str) -> Path:
    """Write one JSON record per line (parent folders created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(r.model_dump_json() + "\n" for r in records))
    return path


def load_jsonl(path: Path | str, model: type[_M], what: str) -> list[_M]:
    path = Path(path)
    if not path.is_file():
        raise EvolverFileError(f"{path}: no such {what} file")
    out = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(model.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise EvolverFileError(f"{path}:{number}: not a {what} record ({first['msg']})") from None
    return out


def load_cases(path: Path | str) -> list[FailureCase]:
    """The failure cases of a mined JSONL file (`EvolverFileError` if it is not one)."""
    return load_jsonl(path, FailureCase, "mined-cases")


def load_plans(path: Path | str) -> list[RepairedPlan]:
    """The plans of a plans JSONL file (`EvolverFileError` if it is not one)."""
    return load_jsonl(path, RepairedPlan, "repaired-plans")
