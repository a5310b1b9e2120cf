"""Verified-outcome reward speed: ms per scored completion, cold (replaying the step) and warm.

Run: ``.venv/bin/python benchmarks/reward_perf.py [--problems N] [--group G] [--json]``. Each
runbook decision of the first N problems (one per fault family, all four task types) is a step;
each step scores a GRPO group of G candidates (the expert's decision and alternatives of every
action kind) through `VerifiedOutcomeReward` as TRL would call it. ``cold`` is the first
candidate of a step (its replay included), ``warm`` every later one (a checkpoint restore);
``scratch_replay`` is one replay of a problem's longest prefix on a seed the twin has never
built (the scenario's start included), the worst case.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from aoi.agents.registry import run_agent
from aoi.problems import all_problems
from aoi.train.rewards import Row, VerifiedOutcomeReward
from aoi.train.samples import step_samples


def _alternatives(row: dict) -> list[str]:
    ns, base = row["namespace"], {"phase": "investigate", "hypothesis": "h", "confidence": 40, "summary": "s"}
    probe = {**base, "next_action": "probe", "probe": {"goal": "g", "commands": [f"kubectl get pods -n {ns}",
                                                                                 f"kubectl get events -n {ns}"]}}
    submit = {**base, "phase": "submit", "next_action": "submit", "submission": []}
    order = {**base, "phase": "mitigate", "next_action": "executor", "order": {
        "namespace": ns, "target": "x", "intent": "i", "verify": [f"kubectl get pods -n {ns}"],
        "commands": [f"kubectl delete pods -l app=does-not-exist -n {ns}"]}}
    return [json.dumps(d) for d in (probe, submit, order)] + ["not a decision"]


def _problems(count: int) -> list[str]:
    """The first problem of each (fault family, task type), in catalog order."""
    chosen: dict[tuple[str, str], str] = {}
    for problem in all_problems():
        chosen.setdefault((problem.fault.family, problem.task.value), problem.id)
    return list(chosen.values())[:count]


def measure(problems: int = 12, group: int = 8) -> dict:
    cold, warm, scratch = [], [], []
    for problem_id in _problems(problems):
        rows = step_samples(run_agent("runbook", problem_id, seed=0).trajectory, purify=False)
        reward = VerifiedOutcomeReward()
        # The twin keeps each (problem, seed)'s settled scenario, which the runbook run above has
        # built; a seed never seen before times a replay from nothing (the scenario's start too).
        start = time.perf_counter()
        reward.cache.state(problem_id, 1000 + len(scratch), "realistic", rows[-1]["prefix_actions"])
        scratch.append((time.perf_counter() - start) * 1e3)
        for row in rows:
            candidates = ([row["reference"], *_alternatives(row)] * group)[:group]
            for i, text in enumerate(candidates):
                start = time.perf_counter()
                reward.assess(text, Row(dict(row)))
                (cold if i == 0 else warm).append((time.perf_counter() - start) * 1e3)
    return {
        "steps": len(cold), "completions": len(cold) + len(warm), "group": group,
        "scratch_replay_median_ms": round(statistics.median(scratch), 1),
        "cold_median_ms": round(statistics.median(cold), 1),
        "warm_median_ms": round(statistics.median(warm), 1),
        "warm_p90_ms": round(statistics.quantiles(warm, n=10)[-1], 1),
        "group_median_ms": round(statistics.median(cold) + (group - 1) * statistics.median(warm), 1),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=12)
    parser.add_argument("--group", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.problems, args.group)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:26s} {value}")


if __name__ == "__main__":
    main()
