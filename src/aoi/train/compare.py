"""Is one model's success rate really above another's? A paired comparison of two evaluations.

Two evaluations of the same problems and seeds (`aoi.train.evaluate`) pair up sample by sample,
so the question is asked of the pairs, not of two rates: the exact McNemar test counts the
samples that only one model solved (under "no difference" each such sample is a fair coin), and
a bootstrap over problems (whole problems are drawn, since a problem's samples are not
independent) gives a 95 % interval for the difference in avg@k.

    outcomes = {(s.problem_id, s.sample): s.success for s in report.samples}
    compare_outcomes(sft_outcomes, grpo_outcomes).as_dict()
    # {"before": 0.275, "after": 0.326, "difference": 0.051, "ci95": [0.006, 0.096], "p_value": 0.04, ...}
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass

__all__ = ["Outcomes", "PairedComparison", "compare_outcomes", "mcnemar_p"]

Outcomes = Mapping[tuple[str, int], bool]
"""Whether each sample succeeded, by (problem id, sample index)."""


@dataclass(frozen=True)
class PairedComparison:
    """``after`` against ``before`` on the same samples (module docstring); rates are fractions."""

    pairs: int
    before: float
    after: float
    difference: float
    ci95: tuple[float, float]
    only_after: int  # samples the second model solved and the first did not
    only_before: int
    p_value: float

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ci95": list(self.ci95)}


def mcnemar_p(only_after: int, only_before: int) -> float:
    """Two-sided exact McNemar p-value: the discordant pairs as fair coin flips (a binomial test)."""
    n = only_after + only_before
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(only_after, only_before) + 1)) / 2**n
    return min(1.0, 2 * tail)


def compare_outcomes(before: Outcomes, after: Outcomes, *, resamples: int = 10_000, seed: int = 0) -> PairedComparison:
    """Compare two evaluations of the same samples; a sample missing from either is a `ValueError`."""
    if set(before) != set(after):
        missing = sorted(set(before) ^ set(after))[:3]
        raise ValueError(f"the evaluations cover different samples, e.g. {missing}")
    if not before:
        raise ValueError("no samples to compare")
    by_problem: dict[str, list[int]] = defaultdict(list)  # per problem: after minus before, per sample
    for key in sorted(before):
        by_problem[key[0]].append(int(after[key]) - int(before[key]))
    problems = list(by_problem.values())
    draws = random.Random(seed)
    differences = []
    for _ in range(resamples):
        chosen = draws.choices(problems, k=len(problems))
        differences.append(sum(map(sum, chosen)) / sum(map(len, chosen)))
    differences.sort()
    only_after = sum(after[k] and not before[k] for k in before)
    only_before = sum(before[k] and not after[k] for k in before)
    n = len(before)
    return PairedComparison(
        pairs=n, before=round(sum(before.values()) / n, 4), after=round(sum(after.values()) / n, 4),
        difference=round((only_after - only_before) / n, 4),
        ci95=(round(differences[int(0.025 * resamples)], 4), round(differences[int(0.975 * resamples) - 1], 4)),
        only_after=only_after, only_before=only_before, p_value=round(mcnemar_p(only_after, only_before), 4),
    )  # fmt: skip
