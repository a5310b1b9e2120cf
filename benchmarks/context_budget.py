"""The largest Observer context per run: the runbook Observer on all 89 problems, on the twin.

Run: ``.venv/bin/python benchmarks/context_budget.py [--json]``. Each problem runs once with
seed 0; a run's figure is `RunResult.max_context_tokens`, the largest `ObserverContext` the
runtime built for it (estimated tokens). The paper's bound is "context is 4,096 tokens per
iteration" (aoi-paper.md §3.1), so the overall maximum should stay at or under `TARGET_TOKENS`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from aoi.agents.runbook import RunbookObserver
from aoi.agents.runtime import run_problem
from aoi.problems import all_problems

TARGET_TOKENS = 4096


def measure() -> dict:
    """Run every problem once; the per-problem rows and the summary figures."""
    start = time.perf_counter()
    rows = []
    for problem in all_problems():
        result = run_problem(problem, RunbookObserver(), seed=0)
        rows.append({"id": problem.id, "task": problem.task.value, "tokens": result.max_context_tokens,
                     "iterations": result.iterations, "success": result.success})  # fmt: skip
    tokens = [r["tokens"] for r in rows]
    by_task = {}
    for task in dict.fromkeys(r["task"] for r in rows):
        mine = [r for r in rows if r["task"] == task]
        by_task[task] = {
            "problems": len(mine),
            "max_context_tokens": max(r["tokens"] for r in mine),
            "median_context_tokens": statistics.median(r["tokens"] for r in mine),
            "solved": sum(r["success"] for r in mine),
        }
    worst = max(rows, key=lambda r: r["tokens"])
    return {
        "problems": len(rows),
        "solved": sum(r["success"] for r in rows),
        "max_context_tokens": worst["tokens"],
        "max_context_problem": worst["id"],
        "median_context_tokens": statistics.median(tokens),
        "target_tokens": TARGET_TOKENS,
        "within_target": worst["tokens"] <= TARGET_TOKENS,
        "by_task": by_task,
        "seconds": round(time.perf_counter() - start, 2),
        "runs": rows,
    }


def _print_table(result: dict) -> None:
    print(f"{'task':<14} {'problems':>8} {'solved':>7} {'max tokens':>11} {'median tokens':>14}")
    for task, row in result["by_task"].items():
        print(
            f"{task:<14} {row['problems']:>8} {row['solved']:>7} {row['max_context_tokens']:>11} "
            f"{row['median_context_tokens']:>14g}"
        )
    print(
        f"{'all':<14} {result['problems']:>8} {result['solved']:>7} {result['max_context_tokens']:>11} "
        f"{result['median_context_tokens']:>14g}"
    )
    verdict = "within" if result["within_target"] else "OVER"
    print(
        f"\nlargest context: {result['max_context_tokens']} tokens ({result['max_context_problem']}), "
        f"{verdict} the target of <= {result['target_tokens']:,}; {result['seconds']} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object (with per-run rows)")
    args = parser.parse_args()
    result = measure()
    if args.json:
        print(json.dumps(result))
        return
    _print_table(result)


if __name__ == "__main__":
    main()
