"""Training data: validated repairs as step-level samples (SFT or GRPO), JSONL and HF datasets.

Each Observer step of a plan's *validating* run becomes one sample: the context the Observer was
shown (``prompt``) and the corrected decision it made (``completion`` for SFT, ``reference`` for
GRPO). A GRPO sample also carries what a verified-outcome reward needs to replay the episode in the
twin up to that step and score a candidate: ``problem_id``, ``seed``, ``noise``, ``task``,
``prefix_actions`` (the AIOpsLab actions run before the step) and ``expected`` (the answer key).
Only plans with ``validated`` set are exported (`NotValidated` otherwise).

``DIR/<format>.jsonl`` is always written; ``DIR/<format>_dataset`` (``datasets.save_to_disk``) too
when the optional ``datasets`` package is installed (``pip install 'aoi[train]'``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from aoi.env import exec_shell_action
from aoi.problems import get_problem
from aoi.trajectories import MissingExtraError, Role

from .cases import RepairedPlan, load_plans
from .library import GuidanceLibrary, load_source
from .repair import OfflineRepairer, Repairer

__all__ = ["FORMATS", "NotValidated", "export_samples", "load_plans_from", "samples"]

Format = Literal["sft", "grpo"]
FORMATS: tuple[str, ...] = ("sft", "grpo")
_TRAIN_EXTRA = "pip install 'aoi[train]'"


class NotValidated(ValueError):
    """A plan without a successful validating run was offered for export."""


def samples(plan: RepairedPlan, fmt: Format) -> list[dict[str, Any]]:
    """The step-level samples of one validated plan (module docstring)."""
    if not plan.validated or plan.trajectory is None:
        raise NotValidated(f"plan {plan.id} was not validated by execution; only validated plans are exported")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    expected = get_problem(plan.problem_id).answer.model_dump(mode="json", exclude_defaults=True)
    out, actions = [], []
    for step in plan.trajectory.steps:
        if step.role is Role.OBSERVER and step.output and step.input:
            if fmt == "sft":
                out.append({"prompt": step.input, "completion": step.output})
            else:
                out.append({"prompt": step.input, "reference": step.output, "problem_id": plan.problem_id,
                            "seed": plan.seed, "noise": plan.noise, "task": plan.task,
                            "iteration": step.metadata.get("iteration"), "prefix_actions": list(actions),
                            "expected": expected, "plan_id": plan.id})  # fmt: skip
        elif step.command and step.role in (Role.PROBE, Role.EXECUTOR) and not step.error:
            actions.append(exec_shell_action(step.command))
    return out


def export_samples(plans: Iterable[RepairedPlan], fmt: Format, out_dir: Path | str, *,
                   hf: bool | None = None) -> dict[str, Path | int]:
    """Write the samples of ``plans``; ``hf``: None writes the dataset when ``datasets`` is
    installed, True requires it (`MissingExtraError` naming the extra), False skips it."""
    rows = [row for plan in plans for row in samples(plan, fmt)]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jsonl = out / f"{fmt}.jsonl"
    jsonl.write_text("".join(json.dumps(row, sort_keys=True) + "\n" for row in rows))
    written: dict[str, Path | int] = {"jsonl": jsonl, "samples": len(rows)}
    if hf is False:
        return written
    try:
        import datasets
    except ImportError:
        if hf:
            raise MissingExtraError(
                f"a Hugging Face dataset needs the optional 'datasets' package: {_TRAIN_EXTRA}") from None
        return written
    # Nested values (prefix_actions, expected) are stored as JSON text so every row has one schema.
    flat = [{k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in row.items()} for row in rows]
    path = out / f"{fmt}_dataset"
    datasets.Dataset.from_list(flat).save_to_disk(str(path))
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
