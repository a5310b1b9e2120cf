"""The Evolver's closed loop on the twin, no LLM: weaken the runbook, learn from its failures, retry.

Run: ``.venv/bin/python benchmarks/evolver_loop.py [--ablate services --ablate mongo] [--k 3]
[--problems ID,ID] [--workers 2] [--out DIR] [--json]``.

1. before: bench the runbook with check families removed (``--ablate``, default ``services`` and
   ``mongo``) on the train and the test fault types, k samples each, ``noise=realistic``;
2. evolve: mine the *train* run's failures, repair them offline and keep the repairs that
   validated in a fresh twin (`aoi.evolver.library.evolve`); the test fault types stay unseen;
3. after: bench the same weakened runbook again with ``--guidance`` on that library.

It prints avg@k and the best@k - avg@k gap before and after, overall, per split and per task
type within each split, and writes the two runs side by side (`aoi.bench.report.compare`) to
``DIR/report``. The runbook is deterministic, so a sample's outcome can only change with its
seed: the twin's realistic telemetry (log timing, benign noise) differs per seed, and the
``gap_driver`` field counts the problems whose k samples disagree. Default: all 89 problems, k=3
(267 samples per bench, about a minute on two cores).
"""

from __future__ import annotations

import argparse
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

from aoi.agents.runtime import GUIDANCE_BUDGET, RenderedSearch
from aoi.bench import BenchConfig, BenchRun, GuidanceRef, run_bench, select_ids, summarise
from aoi.bench.metrics import per_problem
from aoi.bench.report import compare
from aoi.evolver.library import evolve
from aoi.problems import get_problem

DEFAULT_ABLATE = ("mongo", "services")
SPLITS = ("train", "test")


def _bench(out: Path, name: str, problems: list[str], k: int, ablate: tuple[str, ...], workers: int,
           library: Path | None = None) -> BenchRun:
    config = BenchConfig(agent="runbook", k=k, problems=tuple(problems), noise="realistic", ablate=ablate,
                         label=name, guidance=GuidanceRef.of(library) if library else None)
    hook = None
    if library is not None:
        from aoi.evolver.library import GuidanceLibrary

        search = functools.partial(GuidanceLibrary.load(library).search, k=8, budget_tokens=4 * GUIDANCE_BUDGET)
        hook = RenderedSearch(search)
    return run_bench(config, out / name, workers=workers, guidance=hook)


def _merged(runs: list[BenchRun], label: str) -> BenchRun:
    """The split runs as one run, for the side-by-side report."""
    first = runs[0]
    problems = tuple(pid for run in runs for pid in run.config.problems)
    return BenchRun(config=first.config.model_copy(update={"problems": problems, "label": label}),
                    started_at=first.started_at, finished_at=runs[-1].finished_at,
                    samples=[s for run in runs for s in run.samples])


def _figures(run: BenchRun) -> tuple[dict[str, Any], dict[str, Any]]:
    """(avg@k, gap) nested as {overall, task: {..}, train: {overall, task}, test: {..}}."""
    def nest(samples: list) -> tuple[dict[str, Any], dict[str, Any]]:
        groups = summarise(samples)
        overall = groups["overall"][0]
        avg = {"overall": overall.avg_at[-1] if overall.avg_at else 0.0,
               "task": {g.group: g.avg_at[-1] for g in groups["task"]}}
        gap = {"overall": overall.gap, "task": {g.group: g.gap for g in groups["task"]}}
        return avg, gap

    avg, gap = nest(run.samples)
    for split in SPLITS:
        part = [s for s in run.samples if s.split == split]
        avg[split], gap[split] = nest(part) if part else ({"overall": 0.0, "task": {}}, {"overall": 0.0, "task": {}})
    return avg, gap


def _counts(run: BenchRun) -> dict[str, Any]:
    outcomes = per_problem(run.samples)
    return {
        "samples": len(run.samples),
        "failed_samples": sum(not s.success for s in run.samples),
        "problems_solved_every_time": sum(all(v) for v in outcomes.values()),
        "problems_never_solved": sum(not any(v) for v in outcomes.values()),
        "problems_with_disagreeing_samples": sum(0 < sum(v) < len(v) for v in outcomes.values()),
    }


def run_loop(out: Path | str, *, problems: list[str] | None = None, k: int = 3,
             ablate: tuple[str, ...] = DEFAULT_ABLATE, workers: int = 2) -> dict[str, Any]:
    """Bench, evolve, bench again into ``out``; returns the figures (module docstring)."""
    out = Path(out)
    ids = select_ids(problems)
    by_split = {split: [pid for pid in ids if get_problem(pid).split.value == split] for split in SPLITS}
    before = {split: _bench(out, f"before-{split}", pids, k, ablate, workers) for split, pids in by_split.items()
              if pids}
    library_path = out / "library.jsonl"
    if "train" in before:
        library = evolve(out / "before-train", library_path)
    else:
        library_path.write_text("")
        library = []
    after = {split: _bench(out, f"after-{split}", pids, k, ablate, workers, library_path)
             for split, pids in by_split.items() if pids}
    name = "runbook " + " ".join(f"-{a}" for a in ablate)
    before_run = _merged(list(before.values()), f"before: {name}")
    after_run = _merged(list(after.values()), f"after: {name} +guidance")
    report_md, _ = compare([before_run, after_run], out / "report")
    avg_before, gap_before = _figures(before_run)
    avg_after, gap_after = _figures(after_run)
    disagree = (_counts(before_run)["problems_with_disagreeing_samples"],
                _counts(after_run)["problems_with_disagreeing_samples"])
    return {
        "ablate": list(ablate), "k": k, "noise": "realistic",
        "problems": {split: len(pids) for split, pids in by_split.items()},
        "library_entries": len(library), "evolved_from": "the train split's failures only",
        "avg_before": avg_before, "avg_after": avg_after, "gap_before": gap_before, "gap_after": gap_after,
        "counts_before": _counts(before_run), "counts_after": _counts(after_run),
        "gap_driver": (f"the runbook is deterministic: a gap means a problem's k seeds disagree, through the twin's "
                       f"seed-dependent realistic telemetry ({disagree[0]} problem(s) before, {disagree[1]} after)"),
        "report": str(report_md),
    }  # fmt: skip


def _print(result: dict[str, Any]) -> None:
    k = result["k"]
    print(f"runbook -{' -'.join(result['ablate'])}, k={k}, noise={result['noise']}; "
          f"library: {result['library_entries']} entries from {result['evolved_from']}")
    print(f"{'group':<26} {f'avg@{k} before':>15} {f'avg@{k} after':>14} {'gap before':>11} {'gap after':>10}")

    def row(name: str, get: Any) -> None:
        values = [get(result[key]) for key in ("avg_before", "avg_after", "gap_before", "gap_after")]
        print(f"{name:<26} {values[0]:>15.1f} {values[1]:>14.1f} {values[2]:>11.1f} {values[3]:>10.1f}")

    row("all", lambda d: d["overall"])
    for split in SPLITS:
        if result["problems"].get(split):
            row(f"{split} ({result['problems'][split]} problems)", lambda d, s=split: d[s]["overall"])
            for task in result["avg_before"][split]["task"]:
                row(f"  {split} / {task}", lambda d, s=split, t=task: d[s]["task"].get(t, 0.0))
    print(f"gap: {result['gap_driver']}")
    print(f"report: {result['report']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ablate", action="append", help="runbook check family to remove (repeatable; "
                        f"default {' and '.join(DEFAULT_ABLATE)})")
    parser.add_argument("--k", type=int, default=3, help="samples per problem (default 3)")
    parser.add_argument("--problems", help="comma-separated problem ids (default: all 89)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--out", type=Path, help="keep the runs, library and report here (default: a temp dir)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    ablate = tuple(sorted(set(args.ablate or DEFAULT_ABLATE)))
    problems = [p.strip() for p in args.problems.split(",") if p.strip()] if args.problems else None
    with tempfile.TemporaryDirectory(prefix="aoi-evolver-loop-") as tmp:
        result = run_loop(args.out or tmp, problems=problems, k=args.k, ablate=ablate, workers=args.workers)
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            _print(result)


if __name__ == "__main__":
    main()
