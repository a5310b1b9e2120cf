"""Where training samples come from, and the one call that builds a training data folder.

Three sources of successful trajectories, all turned into step samples the same way
(`aoi.train.samples.step_samples`, purified by `aoi.train.purify`):

* `collect_runbook`: the built-in runbook Observer run on the twin; it solves every problem,
  so it is the expert the paper's Sonnet trajectories stand for (aoi-paper.md §4.1);
  `collect_runs` runs any agent, a trained model too, whose failed runs hold GRPO's
  on-policy states;
* `from_store`: trajectories recorded in a `TrajectoryStore` (``aoi run``, ``aoi bench``);
* `from_evolver`: the validating runs of the Failure Evolver's repaired plans.

`build_training_data` (behind ``aoi train data``) collects, purifies, balances by task type and
saves (`aoi.train.storage`). Storage functions are re-exported here so callers need one module.
`import aoi.train.data` needs no training extra; only saving and loading import ``datasets``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aoi.agents.registry import run_agent
from aoi.evolver.cases import EvolverFileError, RepairedPlan
from aoi.evolver.export import load_plans_from
from aoi.problems import all_problems, get_problem
from aoi.trajectories import Trajectory, TrajectoryError, TrajectoryStore

from .errors import NoSamples, SampleFileError, TrainDataError
from .purify import PurifyReport, summarize
from .purify import purify as purify_run
from .samples import SampleRow, Source, balance, count_by, step_samples
from .storage import load, save, to_dataset

__all__ = [
    "DataProgress",
    "NoSamples",
    "SampleFileError",
    "TrainDataError",
    "build_rows",
    "build_training_data",
    "collect_runbook",
    "collect_runs",
    "from_evolver",
    "from_store",
    "load",
    "save",
    "split_problems",
    "to_dataset",
]

_SPLITS = ("train", "test", "all")


@dataclass(frozen=True)
class DataProgress:
    """One step of `build_training_data`: the stage, how far it is, and what was just done."""

    stage: str  # runbook (or the agent collect_runs runs) | store | evolver | balance | save
    done: int
    total: int
    detail: str = ""


ProgressCallback = Callable[[DataProgress], None]


def split_problems(split: str) -> list[str]:
    """The problem ids of ``split`` ("train", "test" or "all"), in catalog order."""
    if split not in _SPLITS:
        raise TrainDataError(f"unknown split {split!r}; expected one of {', '.join(_SPLITS)}")
    return [p.id for p in all_problems() if split == "all" or p.split.value == split]


def collect_runbook(
    problem_ids: Iterable[str],
    *,
    seeds: Sequence[int] = (0,),
    noise: str = "realistic",
    store: TrajectoryStore | None = None,
    on_progress: ProgressCallback | None = None,
) -> list[Trajectory]:
    """Run the runbook Observer on every problem for every seed, on a fresh twin each time;
    each run is also recorded in ``store`` when one is given."""
    return collect_runs("runbook", problem_ids, seeds=seeds, noise=noise, store=store, on_progress=on_progress)


def collect_runs(
    agent: str,
    problem_ids: Iterable[str],
    *,
    model: str | None = None,
    agent_options: dict[str, Any] | None = None,
    seeds: Sequence[int] = (0,),
    noise: str = "realistic",
    max_iterations: int | None = None,
    store: TrajectoryStore | None = None,
    on_progress: ProgressCallback | None = None,
) -> list[Trajectory]:
    """Run ``agent`` (a registry name; ``model`` for an LLM agent, e.g. ``hf:runs/sft``) on every
    problem for every seed, each on a fresh twin; successes and failures alike.

    With a trained model this gives the states *it* reaches: `build_rows` with ``purify=False``
    turns them into GRPO prompts where its own slips happened, which the expert's trajectories
    never visit. Its decisions there are not targets to imitate: keep such rows out of SFT.
    """
    jobs = [(pid, seed) for pid in problem_ids for seed in seeds]
    budget = {} if max_iterations is None else {"max_iterations": max_iterations}
    out = []
    for done, (pid, seed) in enumerate(jobs, 1):
        result = run_agent(agent, pid, model=model, agent_options=agent_options, seed=seed, noise=noise,
                           store=store, **budget)  # fmt: skip
        assert result.trajectory is not None  # run_problem always returns the record in memory
        out.append(result.trajectory)
        if on_progress:
            on_progress(DataProgress(agent, done, len(jobs), f"{pid} seed {seed}: "
                                     f"{'success' if result.success else 'failure'}"))
    return out


def from_store(
    path: Path | str,
    *,
    agent: str | None = None,
    split: str | None = None,
    success_only: bool = True,
) -> list[Trajectory]:
    """The trajectories in the store at ``path``, optionally only one agent's, one split's
    ("train"/"test") and, by default, only AIOpsLab successes; oldest first."""
    path = Path(path)
    if not path.is_file():  # opening a missing path would create an empty store
        raise SampleFileError(f"{path}: no such trajectory store")
    try:
        with TrajectoryStore(path) as store:
            found = store.iter_trajectories(agent=agent, success=True if success_only else None)
            return [t for t in found if split is None or t.split == split]
    except (sqlite3.DatabaseError, TrajectoryError) as exc:
        raise SampleFileError(f"{path}: not a readable trajectory store ({exc})") from exc


def from_evolver(source: Path | str) -> list[RepairedPlan]:
    """The validated repaired plans at ``source`` (a guidance library, a plans JSONL, a mined
    cases JSONL or a bench run folder; see `aoi.evolver.export.load_plans_from`)."""
    source = Path(source)
    if not source.exists():
        raise SampleFileError(f"{source}: no such file or folder")
    try:
        plans = load_plans_from(source)
    except EvolverFileError as exc:
        raise SampleFileError(str(exc)) from exc
    return [plan for plan in plans if plan.trajectory is not None]


def build_rows(
    trajectories: Iterable[Trajectory],
    *,
    source: Source | None = None,
    noise: str = "realistic",
    purify: bool = True,
) -> tuple[list[SampleRow], list[PurifyReport]]:
    """The step samples of ``trajectories`` (`step_samples`) and the Purifier's report on each."""
    rows: list[SampleRow] = []
    reports: list[PurifyReport] = []
    for trajectory in trajectories:
        rows += step_samples(trajectory, source=source, noise=noise, purify=purify)
        reports.append(purify_run(trajectory))
    return rows, reports


def build_training_data(
    *,
    runbook_split: str | None = "train",
    store: Path | None = None,
    evolver: Path | None = None,
    policy: str | None = None,
    seeds: Sequence[int] = (0,),
    noise: str = "realistic",
    split: str | None = "train",
    balance_by: str | None = "task",
    cap: int | None = None,
    out_dir: Path | str,
    on_progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Collect, purify, balance and save step samples into ``out_dir``; return the manifest.

    ``runbook_split`` runs the runbook on that split's problems ("train", "test", "all"; None:
    no runbook runs) for each of ``seeds``. ``store`` adds the successful trajectories of a
    trajectory store and ``evolver`` the validated plans of an Evolver file or run folder, both
    kept to the problems of ``split`` (None: any), so that test problems stay held out. ``policy``
    (a model, e.g. ``hf:runs/sft``) is run greedily as the LLM Observer on the problems of
    ``runbook_split`` (the train split when None) for each of ``seeds``, and every decision of its runs,
    failed ones included, is added: GRPO prompts at the states that policy reaches (its
    decisions there are not targets: train SFT on data without it). ``noise``
    is the twin's realism for the runbook runs, and the one the store's runs used (stores do not
    record it). ``balance_by`` names the column to balance (None: no balancing) and ``cap`` the
    most rows per group. Raises `NoSamples` when nothing is left to save.
    """
    if policy is not None:
        from aoi.llm import make_client

        make_client(policy).close()  # a model that cannot be found fails now, not after the runbook's runs
    rows: list[SampleRow] = []
    reports: list[PurifyReport] = []
    if runbook_split is not None:
        trajectories = collect_runbook(split_problems(runbook_split), seeds=seeds, noise=noise,
                                       on_progress=on_progress)
        _add(build_rows(trajectories, source="runbook", noise=noise), rows, reports)
    if store is not None:
        trajectories = from_store(store, split=split)
        _report(on_progress, "store", len(trajectories), f"{len(trajectories)} successful trajectories")
        _add(build_rows(trajectories, noise=noise), rows, reports)
    if evolver is not None:
        plans = [p for p in from_evolver(evolver)
                 if split is None or get_problem(p.problem_id).split.value == split]
        _report(on_progress, "evolver", len(plans), f"{len(plans)} validated plans")
        for plan in plans:
            assert plan.trajectory is not None  # from_evolver keeps only plans with their run
            _add(build_rows([plan.trajectory], source="evolver", noise=plan.noise), rows, reports)
    if policy is not None:
        trajectories = collect_runs("llm", split_problems(runbook_split or "train"), model=policy, seeds=seeds, noise=noise,
                                    agent_options={"temperature": 0.0}, on_progress=on_progress)
        _add(build_rows(trajectories, source="llm", noise=noise, purify=False), rows, reports)
    if not rows:
        raise NoSamples("no training samples: no source gave a successful trajectory with a kept decision")
    unbalanced = count_by(rows, "task")
    if balance_by is not None:
        rows = balance(rows, by=balance_by, cap=cap)
        _report(on_progress, "balance", len(rows), f"by {balance_by}: {len(rows)} rows")
    extra = {"unbalanced_by_task": unbalanced, "balanced_by": balance_by, "purifier": summarize(reports),
             "noise": noise, "seeds": list(seeds)}  # fmt: skip
    written = save(rows, out_dir, extra=extra)
    _report(on_progress, "save", len(rows), f"{len(rows)} rows into {out_dir}")
    return written


def _add(built: tuple[list[SampleRow], list[PurifyReport]], rows: list[SampleRow],
         reports: list[PurifyReport]) -> None:
    rows += built[0]
    reports += built[1]


def _report(on_progress: ProgressCallback | None, stage: str, total: int, detail: str) -> None:
    if on_progress:
        on_progress(DataProgress(stage, total, total, detail))
