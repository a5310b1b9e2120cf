"""Augmentation: successful runs seed validated plans for new variants of thin fault families.

For each chosen family (``families``, or every family with fewer than ``min_examples`` fully
successful samples in the run) a successful sample is the seed: its generic discovery reads
(those that name no fault target) open the new plans. The family's problem variants on other
targets (`aoi.problems.all_variants`, same task as the seed) each get a plan from the ground truth
and the probe catalogue (`plan_for`), kept only when it succeeds when executed in the twin.
Families without a successful seed or without variants are reported in `Augmented.skipped`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from aoi.bench import load_run
from aoi.bench.store import TRAJECTORY_FILE
from aoi.problems import all_variants, get_problem
from aoi.trajectories import Role, TrajectoryStore

from .cases import RepairedPlan
from .mine import target_names
from .repair import plan_for

__all__ = ["Augmented", "augment"]


@dataclass
class Augmented:
    """What augmentation produced: validated plans, and why a chosen family got none."""

    plans: list[RepairedPlan] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def augment(run_dir: Path | str, families: Collection[str] | None = None, *, min_examples: int = 2,
            per_family: int = 2) -> Augmented:
    """New validated plans on variants of ``families`` (or the thin ones), seeded by successes."""
    run_dir = Path(run_dir)
    run = load_run(run_dir)
    good = [s for s in run.samples if s.success and s.strict_success and s.trajectory_id]
    counts = Counter(s.family for s in good)
    chosen = list(families) if families else sorted({s.family for s in run.samples if counts[s.family] < min_examples})
    out = Augmented()
    store = TrajectoryStore(run_dir / TRAJECTORY_FILE) if (run_dir / TRAJECTORY_FILE).is_file() else None
    try:
        for family in chosen:
            seed_sample = next((s for s in good if s.family == family), None)
            if seed_sample is None or store is None:
                out.skipped[family] = "no successful trajectory of this family in the run"
                continue
            problem = get_problem(seed_sample.problem_id)
            variants = [v for v in all_variants() if v.fault.family == family and v.task is problem.task]
            if not variants:
                out.skipped[family] = f"family {family} has no {problem.task.value} variants"
                continue
            trajectory = store.get(seed_sample.trajectory_id)
            names = target_names(problem)
            generic = [s.command for s in trajectory.steps if s.role is Role.PROBE and s.command
                       and s.verdict == "read" and not any(n in s.command for n in names)]  # fmt: skip
            discovery = list(dict.fromkeys(generic))[:3] or None
            for variant in variants[:per_family]:
                plan = plan_for(variant, seed=seed_sample.seed, noise=run.config.noise,
                                plan_id=f"{variant.id}#aug-from-{problem.id}", repairer="augment",
                                discovery=discovery)
                if plan is not None:
                    out.plans.append(plan)
            if not any(p.family == family for p in out.plans):
                out.skipped[family] = "no variant plan succeeded when executed"
    finally:
        if store is not None:
            store.close()
    return out
