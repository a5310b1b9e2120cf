"""The report's tables as plain data, so that the Markdown and the HTML report print the same figures.

Every table has a stable id (``table-overall``, ``table-task-<task>``, ``table-app``, ...) and a
caption; every figure cell also keeps its unrounded value, which the HTML writes as ``data-value``
so that a reader (or a test) can check it against `summarise` without parsing the rounding.
A sample's `Outcome` says which of the two verdicts it passed; the grid chart and the failure
table both use it.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from .metrics import GroupMetrics, summarise
from .results import BenchRun, SampleResult

__all__ = [
    "Cell", "Outcome", "RunSummary", "Table", "build_tables", "grid_table", "outcome", "problem_order",
    "run_names", "short_json", "slug",
]  # fmt: skip

_MAX_TEXT = 400  # characters of an answer shown in a table cell; the grid's tooltip has the same cut


class Outcome(enum.Enum):
    """A sample's result under both verdicts; the value is the label printed in reports."""

    SUCCESS = "success"
    AIOPSLAB_ONLY = "AIOpsLab only"  # AIOpsLab passed it, the strict check did not: a blind spot
    STRICT_ONLY = "strict only"
    FAILURE = "failure"
    ERROR = "error"


def outcome(s: SampleResult) -> Outcome:
    if s.error is not None:
        return Outcome.ERROR
    if s.success and s.strict_success:
        return Outcome.SUCCESS
    if s.success:
        return Outcome.AIOPSLAB_ONLY
    return Outcome.STRICT_ONLY if s.strict_success else Outcome.FAILURE


class Cell(NamedTuple):
    text: str
    value: float | None = None  # the unrounded figure behind ``text``, if it is one


@dataclass
class Table:
    id: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class RunSummary:
    """One run with its metrics under both verdicts, computed once for every table and chart."""

    name: str
    run: BenchRun
    aiopslab: dict[str, list[GroupMetrics]]
    strict: dict[str, list[GroupMetrics]]

    @classmethod
    def of(cls, name: str, run: BenchRun) -> RunSummary:
        return cls(name, run, summarise(run.samples), summarise(run.samples, strict=True))

    def group(self, grouping: str, name: str, *, strict: bool = False) -> GroupMetrics | None:
        groups = (self.strict if strict else self.aiopslab)[grouping]
        return next((g for g in groups if g.group == name), None)


def run_names(runs: Iterable[BenchRun]) -> list[str]:
    """Each run's name, with ``#2``, ``#3`` added to repeats so that legends stay unambiguous."""
    names: list[str] = []
    for run in runs:
        name, n = run.name, 1
        while name in names:
            n += 1
            name = f"{run.name} #{n}"
        names.append(name)
    return names


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def short_json(value: Any) -> str:
    """An answer as one line of compact JSON (a string stays as it is), cut to a readable length."""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def problem_order(run: BenchRun) -> list[str]:
    """The run's problems in its configured order, then any others that samples name."""
    seen = dict.fromkeys(run.config.problems)
    seen.update(dict.fromkeys(sorted({s.problem_id for s in run.samples} - seen.keys())))
    return list(seen)


# ------------------------------------------------------------------ figures
_FIGURE_HEADERS = [
    "k", "problems", "samples", "best@k AIOpsLab", "best@k strict", "avg@k AIOpsLab", "avg@k strict",
    "std AIOpsLab", "std strict", "gap AIOpsLab", "gap strict", "errors", "mean steps", "mean tokens in",
    "mean tokens out", "mean wall s", "mean virtual s",
]  # fmt: skip


def _pct(x: float) -> Cell:
    return Cell(f"{x:.1f}", x)


def _num(x: float, digits: int) -> Cell:
    return Cell(f"{x:.{digits}f}", x)


def _last(values: list[float]) -> float:
    return values[-1] if values else 0.0  # an empty group has no best@k


def _figures(a: GroupMetrics, s: GroupMetrics, errors: int) -> list[Cell]:
    """The `_FIGURE_HEADERS` cells, AIOpsLab (``a``) beside strict (``s``); costs are verdict-free."""
    return [
        Cell(str(len(a.best_at)), len(a.best_at)), Cell(str(a.problems), a.problems),
        Cell(str(a.samples), a.samples), _pct(_last(a.best_at)), _pct(_last(s.best_at)),
        _pct(_last(a.avg_at)), _pct(_last(s.avg_at)), _pct(a.std), _pct(s.std), _pct(a.gap), _pct(s.gap),
        Cell(str(errors), errors), _num(a.mean_steps, 1), _num(a.mean_tokens_in, 0),
        _num(a.mean_tokens_out, 0), _num(a.mean_wall_s, 2), _num(a.mean_virtual_s, 0),
    ]  # fmt: skip


def _errors(summary: RunSummary, grouping: str, group: str) -> int:
    key = {"overall": lambda s: "all", "task": lambda s: s.task, "app": lambda s: s.app,
           "split": lambda s: s.split}[grouping]  # fmt: skip
    return sum(1 for s in summary.run.samples if s.error is not None and key(s) == group)


def _figure_rows(summaries: list[RunSummary], grouping: str, group: str) -> list[list[Cell]]:
    rows = []
    for summary in summaries:
        a, s = summary.group(grouping, group), summary.group(grouping, group, strict=True)
        if a is not None and s is not None:
            rows.append([Cell(summary.name), *_figures(a, s, _errors(summary, grouping, group))])
    return rows


def _groups(summaries: list[RunSummary], grouping: str) -> list[str]:
    return sorted({g.group for summary in summaries for g in summary.aiopslab[grouping]})


def _runs_table(summaries: list[RunSummary]) -> Table:
    table = Table("table-runs", "Runs", ["run", "agent", "model", "k", "seed", "noise", "problems",
                                         "samples", "started (UTC)", "duration s"])  # fmt: skip
    for summary in summaries:
        run, cfg = summary.run, summary.run.config
        started = datetime.fromtimestamp(run.started_at, UTC).strftime("%Y-%m-%d %H:%M:%S")
        duration = run.finished_at - run.started_at if run.finished_at is not None else None
        table.rows.append([
            Cell(summary.name), Cell(cfg.agent), Cell(cfg.model or "-"), Cell(str(cfg.k), cfg.k),
            Cell(str(cfg.seed), cfg.seed), Cell(cfg.noise), Cell(str(len(cfg.problems)), len(cfg.problems)),
            Cell(f"{len(run.samples)}/{len(cfg.problems) * cfg.k}", len(run.samples)), Cell(started),
            Cell("unfinished") if duration is None else _num(duration, 1),
        ])  # fmt: skip
    return table


def _at_j_table(summaries: list[RunSummary]) -> Table:
    k = max((len(s.aiopslab["overall"][0].best_at) for s in summaries), default=0)
    table = Table("table-at-j", "best@j and avg@j, all problems", ["run", "verdict", "metric"]
                  + [f"j={j}" for j in range(1, k + 1)])  # fmt: skip
    for summary in summaries:
        for verdict, strict in (("AIOpsLab", False), ("strict", True)):
            overall = summary.group("overall", "all", strict=strict)
            assert overall is not None  # summarise always has the overall group
            for metric, values in (("best", overall.best_at), ("avg", overall.avg_at)):
                cells = [_pct(v) for v in values] + [Cell("-")] * (k - len(values))
                table.rows.append([Cell(summary.name), Cell(verdict), Cell(f"{metric}@j"), *cells])
    return table


def _failures_table(summaries: list[RunSummary]) -> Table:
    table = Table("table-failures", "Samples that did not pass both verdicts",
                  ["run", "problem", "sample", "task", "outcome", "expected", "submission", "error"])
    for summary in summaries:
        order = {pid: i for i, pid in enumerate(problem_order(summary.run))}
        for s in sorted(summary.run.samples, key=lambda s: (order[s.problem_id], s.sample)):
            if (kind := outcome(s)) is not Outcome.SUCCESS:
                table.rows.append([Cell(summary.name), Cell(s.problem_id), Cell(str(s.sample), s.sample),
                                   Cell(s.task), Cell(kind.value), Cell(short_json(s.expected)),
                                   Cell("-" if s.submission is None else short_json(s.submission)),
                                   Cell(s.error or "")])  # fmt: skip
    return table


def build_tables(summaries: list[RunSummary]) -> list[Table]:
    """Runs, overall, one table per task type, per app, per split, best@j/avg@j, failures; in that order."""
    tables = [_runs_table(summaries)]
    tables.append(Table("table-overall", "All problems", ["run", *_FIGURE_HEADERS],
                        _figure_rows(summaries, "overall", "all")))
    for task in _groups(summaries, "task"):
        tables.append(Table(f"table-task-{slug(task)}", f"Task type: {task}", ["run", *_FIGURE_HEADERS],
                            _figure_rows(summaries, "task", task)))
    for grouping, title in (("app", "app"), ("split", "split")):
        table = Table(f"table-{grouping}", f"Per {title}", [title, "run", *_FIGURE_HEADERS])
        for group in _groups(summaries, grouping):
            table.rows += [[Cell(group), *row] for row in _figure_rows(summaries, grouping, group)]
        tables.append(table)
    tables.append(_at_j_table(summaries))
    tables.append(_failures_table(summaries))
    return tables


_MARKS = {Outcome.SUCCESS: "✓", Outcome.AIOPSLAB_ONLY: "~", Outcome.STRICT_ONLY: "s",
          Outcome.FAILURE: "✗", Outcome.ERROR: "!"}  # fmt: skip


def grid_table(summary: RunSummary, index: int) -> Table:
    """The per-problem grid as text: one row per problem, one mark per sample (Markdown has no charts)."""
    k = summary.run.config.k
    legend = ", ".join(f"{mark} {kind.value}" for kind, mark in _MARKS.items())
    table = Table(f"table-grid-{index}", f"Sample outcomes, {summary.name} ({legend}, blank not run)",
                  ["problem", "task", *(f"#{j}" for j in range(k))])
    by_cell = {(s.problem_id, s.sample): s for s in summary.run.samples}
    for pid in problem_order(summary.run):
        done = [by_cell.get((pid, j)) for j in range(k)]
        task = next((s.task for s in done if s is not None), "")
        marks = (Cell("" if s is None else _MARKS[outcome(s)]) for s in done)
        table.rows.append([Cell(pid), Cell(task), *marks])
    return table
