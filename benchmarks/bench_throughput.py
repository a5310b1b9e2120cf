"""Bench throughput: the runbook agent on the 89 problems x 5 samples, on 2 worker processes.

Run: ``.venv/bin/python benchmarks/bench_throughput.py [--workers N] [--k K] [--json]``. The
run goes through `aoi.bench.run_bench` exactly as ``aoi bench`` does (process pool, trajectories
and samples stored in SQLite) into a temporary folder. ``total_s`` is the whole call, the
workers' start-up included; the target is `TARGET_S` for the default 445 samples on 2 workers.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time

from aoi.bench import BenchConfig, run_bench, select_ids

TARGET_S = 60.0


def measure(workers: int = 2, k: int = 5) -> dict:
    """Run the bench once and return its figures."""
    problems = tuple(select_ids())
    config = BenchConfig(agent="runbook", k=k, problems=problems)
    with tempfile.TemporaryDirectory(prefix="aoi-bench-") as out:
        start = time.perf_counter()
        run = run_bench(config, out, workers=workers)
        total = time.perf_counter() - start
    samples = len(run.samples)
    return {
        "agent": "runbook",
        "problems": len(problems),
        "k": k,
        "samples": samples,
        "workers": workers,
        "total_s": round(total, 2),
        "problems_per_s": round(len(problems) / total, 3),  # problems fully sampled (k each) per second
        "samples_per_s": round(samples / total, 2),
        "mean_sample_wall_s": round(sum(s.wall_s for s in run.samples) / samples, 4),
        "succeeded": sum(s.success for s in run.samples),
        "target_s": TARGET_S,
        "within_target": total <= TARGET_S,
    }


def _print_table(result: dict) -> None:
    rows = [
        ("problems x k", f"{result['problems']} x {result['k']} = {result['samples']} samples"),
        ("workers", str(result["workers"])),
        ("total", f"{result['total_s']:.2f} s (target <= {result['target_s']:.0f} s: "
                  f"{'met' if result['within_target'] else 'MISSED'})"),
        ("problems / s", f"{result['problems_per_s']:.3f}"),
        ("samples / s", f"{result['samples_per_s']:.2f}"),
        ("mean sample wall", f"{result['mean_sample_wall_s']:.4f} s"),
        ("succeeded", f"{result['succeeded']}/{result['samples']}"),
    ]  # fmt: skip
    for name, value in rows:
        print(f"{name:<18} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--k", type=int, default=5, help="samples per problem (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    result = measure(args.workers, args.k)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print_table(result)


if __name__ == "__main__":  # the guard matters: spawned workers import this file as __mp_main__
    main()
