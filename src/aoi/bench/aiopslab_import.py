"""AIOpsLab result JSONs as a bench run, so runs on a real AIOpsLab sit in ``aoi report`` beside twin runs.

`import_sessions` reads every ``*.json`` in a results folder (AIOpsLab's
``<session_id>_<start_time>.json``, through `aoi.env.SessionRecord`), makes one `SampleResult`
per session and stores them as a run in the bench folder, with its reports:

* the problem's task, app, split, family and answer key come from AOI's catalog when it knows
  the id; otherwise the task is the id's task word and the rest reads ``unknown``;
* the sessions of one problem are its samples, in start-time order; k is the most any problem has;
* ``success`` is AIOpsLab's verdict (`aoi.trajectories.aiopslab_success`); AIOpsLab has no
  strict verdict, so ``strict_success`` is whatever the file says (AOI-written files carry it)
  and otherwise False: unproven is not counted as a pass;
* ``submission`` is the solution of the last parsable ``submit`` in the trace; steps and tokens
  are AIOpsLab's ``steps`` / ``in_tokens`` / ``out_tokens``; ``wall_s`` is end minus start.

Any file that is not an AIOpsLab session raises `aoi.env.SessionFileError` (one line, naming it).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from aoi.env import ResponseParsingError, SessionRecord, parse_action
from aoi.problems import Problem, TaskType, UnknownProblem, UnknownVariant, get_problem
from aoi.trajectories import aiopslab_success

from .report import write_reports
from .results import BenchConfig, BenchRun, SampleResult
from .store import BenchStore

__all__ = ["RUN_NOISE", "import_sessions", "session_sample"]

#: What the runs table's "noise" column says for a run on a real AIOpsLab cluster.
RUN_NOISE = "aiopslab"


def import_sessions(results_dir: Path | str, out_dir: Path | str, *, label: str | None = None) -> BenchRun:
    """Store the sessions in ``results_dir`` as a bench run in ``out_dir`` and write its reports.

    `aoi.bench.RunExists` when ``out_dir`` already holds a run; ValueError when there is nothing to import.
    """
    folder = Path(results_dir)
    if not folder.is_dir():
        raise ValueError(f"no results folder at {folder}")
    records = sorted((SessionRecord.load(path) for path in sorted(folder.glob("*.json"))),
                     key=lambda r: (r.start_time or 0.0, r.session_id))  # fmt: skip
    if not records:
        raise ValueError(f"{folder} holds no AIOpsLab result JSON (*.json)")
    by_problem: dict[str, list[SessionRecord]] = defaultdict(list)
    for record in records:
        by_problem[record.problem_id].append(record)
    agents = sorted({record.agent or "agent" for record in records})
    config = BenchConfig(agent="+".join(agents), k=max(len(group) for group in by_problem.values()),
                         problems=tuple(by_problem), noise=RUN_NOISE,
                         label=label or f"{'+'.join(agents)} (AIOpsLab)")  # fmt: skip
    with BenchStore.open(out_dir, config) as store:
        for index, group in enumerate(by_problem.values()):
            seeds = config.seeds(index)
            for sample, record in enumerate(group):
                store.add(session_sample(record, sample=sample, seed=seeds[sample]))
        store.finish()
        run = store.run()
    write_reports(run, out_dir)
    return run


def session_sample(record: SessionRecord, *, sample: int = 0, seed: int = 0) -> SampleResult:
    """One AIOpsLab session as a bench sample (module docstring)."""
    results = dict(record.results)
    about = _about(record.problem_id)
    wall = (record.end_time - record.start_time) if record.start_time and record.end_time else 0.0
    return SampleResult(
        problem_id=record.problem_id, **about, sample=sample, seed=seed,
        success=aiopslab_success(results), strict_success=results.get("strict_success") is True,
        results=results, submission=_last_submission(record), steps=_int(results.get("steps")),
        tokens_in=_int(results.get("in_tokens")), tokens_out=_int(results.get("out_tokens")),
        wall_s=round(max(0.0, wall), 6), error=None if results else "AIOpsLab recorded no results",
    )  # fmt: skip


def _about(problem_id: str) -> dict[str, Any]:
    """task, app, split, family and expected answer of the id, from the catalog when it knows it."""
    try:
        problem: Problem = get_problem(problem_id)
    except (UnknownProblem, UnknownVariant):
        words = problem_id.split("-")
        task = next((w for w in words if w in {t.value for t in TaskType}), "unknown")
        family = problem_id.split(f"-{task}")[0] if task != "unknown" else problem_id
        return {"task": task, "app": "unknown", "split": "unknown", "family": family, "expected": {}}
    return {"task": problem.task.value, "app": problem.app.value, "split": problem.split.value,
            "family": problem.fault.family,
            "expected": problem.answer.model_dump(mode="json", exclude_defaults=True)}  # fmt: skip


def _last_submission(record: SessionRecord) -> Any:
    """What AIOpsLab stored for the last parsable submit (``args[0]`` for one argument, else the list)."""
    for item in reversed(record.trace):
        if item.role != "assistant":
            continue
        try:
            action = parse_action(item.content)
        except ResponseParsingError:
            continue
        if action.api == "submit":
            return action.args[0] if len(action.args) == 1 else list(action.args)
    return None


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0
