"""Training data: validated repairs as step-level samples (SFT or GRPO), JSONL and HF datasets.

The kept Observer steps of a plan's *validating* run become samples in the training sample
schema (`aoi.train.samples`, built by its `step_samples`, so these rows and ``aoi train data``'s
are the same): the messages the LLM Observer is prompted with at that step (``prompt``) and the
corrected decision (``completion`` for SFT, ``reference`` for GRPO). A GRPO row has every column
of the schema, including what a verified-outcome reward needs to replay the episode in the twin
up to that step (``problem_id``, ``seed``, ``noise``, ``prefix_actions``; the answer key is the
problem's); an SFT row only ``prompt`` and ``completion``. Steps are purified like any successful
run's (`aoi.train.purify`). Only plans with ``validated`` set are exported (`NotValidated`).

``DIR/<format>.jsonl`` is always written; ``DIR/<format>_dataset`` (``datasets.save_to_disk``) too
when the optional ``datasets`` package is installed (``pip install 'aoi[train]'``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from aoi.train.samples import step_samples
from aoi.train.storage import to_dataset, write_jsonl
from aoi.trajectories import MissingExtraError

from .cases import RepairedPlan, load_plans
from .library import GuidanceLibrary, load_source
from .repair import OfflineRepairer, Repairer

__all__ = ["FORMATS", "NotValidated", "export_samples", "load_plans_from", "samples"]

Format = Literal["sft", "grpo"]
FORMATS: tuple[str, ...] = ("sft", "grpo")
_SFT_COLUMNS = ("prompt", "completion")  # TRL's conversational prompt-completion format


class NotValidated(ValueError):
    """A plan without a successful validating run was offered for export."""


def samples(plan: RepairedPlan, fmt: Format) -> list[dict[str, Any]]:
    """The step-level samples of one validated plan (module docstring)."""
    if not plan.validated or plan.trajectory is None:
        raise NotValidated(f"plan {plan.id} was not validated by execution; only validated plans are exported")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    rows = step_samples(plan.trajectory, source="evolver", noise=plan.noise)
    if fmt == "sft":
        return [{column: row[column] for column in _SFT_COLUMNS} for row in rows]  # type: ignore[literal-required]
    return [dict(row) for row in rows]


def export_samples(plans: Iterable[RepairedPlan], fmt: Format, out_dir: Path | str, *,
                   hf: bool | None = None) -> dict[str, Path | int]:
    """Write the samples of ``plans``; ``hf``: None writes the dataset when ``datasets`` is
    installed, True requires it (`MissingExtraError` naming the extra), False skips it."""
    rows = [row for plan in plans for row in samples(plan, fmt)]
    out = Path(out_dir)
    jsonl = write_jsonl(rows, out / f"{fmt}.jsonl")
    written: dict[str, Path | int] = {"jsonl": jsonl, "samples": len(rows)}
    if hf is False:
        return written
    try:
        dataset = to_dataset(rows)
    except MissingExtraError:
        if hf:
            raise
        return written
    path = out / f"{fmt}_dataset"
    dataset.save_to_disk(str(path))
    written["dataset"] = path
    return written


def load_plans_from(source: Path | str, repairer: Repairer | None = None) -> list[RepairedPlan]:
    """Validated plans from a guidance library (its plans file), a plans JSONL, a mined-cases JSONL
    or a bench run folder (the last two are repaired now, by ``repairer`` or the offline one)."""
    source = Path(source)
    if source.is_file():
        keys = _first_keys(source)
        if "symptom" in keys:
            return [p for p in GuidanceLibrary.load(source).plans.values() if p.validated]
        if "repairer" in keys:
            return [p for p in load_plans(source) if p.validated]
    repairer = repairer or OfflineRepairer()
    return [p for p in (repairer.repair(c) for c in load_source(source)) if p is not None and p.validated]


def _first_keys(path: Path) -> set[str]:
    """The keys of the first record of a JSONL file (empty when it is not one; loading says why)."""
    first = next((ln for ln in path.read_text().splitlines() if ln.strip()), "")
    try:
        record = json.loads(first)
    except ValueError:
        return set()
    return set(record) if isinstance(record, dict) else set()
