"""Writing a run's reports, or a side-by-side comparison of several runs: ``report.md`` and ``report.html``.

`write_reports` is what a finished run calls on its own directory; `compare` is what
``aoi report DIR DIR2 ...`` calls. Both print the same tables (`report_tables`) through the Markdown
(`report_md`) and HTML (`report_html`) writers. `load_run` reads a run directory (`aoi.bench.store`)
for the CLI and turns every way that can fail into `RunLoadError`, whose message is one line.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pydantic import ValidationError

from . import store
from .report_html import render_html
from .report_md import render_markdown
from .report_tables import RunSummary, run_names
from .results import BenchRun

__all__ = ["REPORT_HTML", "REPORT_MD", "RunLoadError", "compare", "load_run", "write_reports"]

REPORT_MD = "report.md"
REPORT_HTML = "report.html"


class RunLoadError(Exception):
    """A run directory is missing or cannot be read as a run; the message is one line."""


def load_run(directory: str | Path) -> BenchRun:
    """The run stored in ``directory`` (through `aoi.bench.store.load_run`), finished or not."""
    path = Path(directory)
    if not path.is_dir():
        raise RunLoadError(f"no run directory at {path}")
    try:
        return store.load_run(path)
    except store.BenchError as exc:
        raise RunLoadError(str(exc)) from exc
    except (sqlite3.Error, OSError, ValueError) as exc:  # ValidationError and JSON errors are ValueErrors
        raise RunLoadError(f"cannot read the bench run in {path}: {_one_line(exc)}") from exc


def _one_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        return f"{exc.error_count()} invalid field(s), first {where}: {first['msg']}"
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg} at line {exc.lineno}"
    return " ".join(str(exc).split()) or type(exc).__name__


def write_reports(run: BenchRun, out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` for one run into ``out_dir``; returns their paths."""
    return _write([run], out_dir, f"AOI benchmark: {run.name}")


def compare(runs: list[BenchRun], out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` comparing ``runs`` side by side; returns their paths."""
    if not runs:
        raise ValueError("compare needs at least one run")
    if len(runs) == 1:
        return write_reports(runs[0], out_dir)
    return _write(runs, out_dir, "AOI benchmark comparison: " + " vs ".join(run_names(runs)))


def _write(runs: list[BenchRun], out_dir: str | Path, title: str) -> tuple[Path, Path]:
    summaries = [RunSummary.of(name, run) for name, run in zip(run_names(runs), runs, strict=True)]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    md, html = out / REPORT_MD, out / REPORT_HTML
    md.write_text(render_markdown(summaries, title), encoding="utf-8")
    html.write_text(render_html(summaries, title), encoding="utf-8")
    return md, html
