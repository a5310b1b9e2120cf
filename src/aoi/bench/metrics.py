"""best@k, avg@k and friends over a run's samples, per problem and per group.

For a problem with samples s_1..s_k (each 1 for success, 0 otherwise), in sample order:
best@j = max(s_1..s_j) and avg@j = mean(s_1..s_j), for every j <= k. A group's figure is the mean
over its problems. The gap best@k - avg@k measures how much a run depends on luck; the AOI paper
reports the Evolver shrinking it by 35 %.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable

from pydantic import BaseModel

from .results import SampleResult

__all__ = ["GroupMetrics", "group_metrics", "per_problem", "summarise"]


def per_problem(samples: Iterable[SampleResult], *, strict: bool = False) -> dict[str, list[int]]:
    """Problem id -> outcomes (1/0) in sample order."""
    table: dict[str, dict[int, int]] = defaultdict(dict)
    for s in samples:
        table[s.problem_id][s.sample] = int(s.strict_success if strict else s.success)
    return {pid: [by_sample[i] for i in sorted(by_sample)] for pid, by_sample in table.items()}


class GroupMetrics(BaseModel):
    """Figures for one group of problems (a task type, an app, a split, or everything)."""

    group: str
    problems: int
    samples: int
    best_at: list[float]  # best_at[j-1] = best@j, in percent
    avg_at: list[float]  # avg_at[j-1] = avg@j, in percent
    std: float  # mean over problems of the standard deviation of their outcomes, in percent
    gap: float  # best@k - avg@k, in points
    mean_steps: float
    mean_tokens_in: float
    mean_tokens_out: float
    mean_wall_s: float
    mean_virtual_s: float


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def group_metrics(group: str, samples: list[SampleResult], *, strict: bool = False) -> GroupMetrics:
    outcomes = per_problem(samples, strict=strict)
    k = max((len(v) for v in outcomes.values()), default=0)
    best, avg = [], []
    for j in range(1, k + 1):
        best.append(100 * _mean([max(v[:j]) for v in outcomes.values() if len(v) >= j]))
        avg.append(100 * _mean([_mean(v[:j]) for v in outcomes.values() if len(v) >= j]))
    std = 100 * _mean([statistics.pstdev(v) for v in outcomes.values() if v])
    return GroupMetrics(
        group=group,
        problems=len(outcomes),
        samples=len(samples),
        best_at=[round(x, 2) for x in best],
        avg_at=[round(x, 2) for x in avg],
        std=round(std, 2),
        gap=round(best[-1] - avg[-1], 2) if best else 0.0,
        mean_steps=round(_mean([s.steps for s in samples]), 2),
        mean_tokens_in=round(_mean([s.tokens_in for s in samples]), 1),
        mean_tokens_out=round(_mean([s.tokens_out for s in samples]), 1),
        mean_wall_s=round(_mean([s.wall_s for s in samples]), 4),
        mean_virtual_s=round(_mean([s.virtual_s for s in samples]), 1),
    )


_GROUPINGS: dict[str, Callable[[SampleResult], str]] = {
    "task": lambda s: s.task,
    "app": lambda s: s.app,
    "split": lambda s: s.split,
}


def summarise(samples: list[SampleResult], *, strict: bool = False) -> dict[str, list[GroupMetrics]]:
    """``{"overall": [...], "task": [...], "app": [...], "split": [...]}``, groups sorted by name."""
    out: dict[str, list[GroupMetrics]] = {"overall": [group_metrics("all", samples, strict=strict)]}
    for name, key in _GROUPINGS.items():
        groups: dict[str, list[SampleResult]] = defaultdict(list)
        for s in samples:
            groups[key(s)].append(s)
        out[name] = [group_metrics(g, groups[g], strict=strict) for g in sorted(groups)]
    return out
