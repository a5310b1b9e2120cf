"""`ProgressBar`: a rich progress bar for `run_bench` (done/total, running success rate, ETA).

    with ProgressBar(label="runbook") as bar:
        run_bench(config, out, on_progress=bar.update)

It draws on stderr, and only on a terminal (rich's live display); piped output stays clean.
The ETA comes from this invocation's pace, so samples already stored by a resumed run do not
make it look faster than it is.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .results import SampleResult
from .runner import BenchProgress

__all__ = ["ProgressBar"]


class ProgressBar:
    """A listener for `run_bench`'s ``on_progress``; use as a context manager."""

    def __init__(self, label: str = "bench", console: Console | None = None) -> None:
        self.label = label
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("success {task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), console=console or Console(stderr=True),
        )  # fmt: skip
        self._task: TaskID | None = None

    def update(self, state: BenchProgress, sample: SampleResult | None) -> None:
        rate = f"{state.succeeded}/{state.done} ({100 * state.succeeded / state.done:.0f}%)" if state.done else "-"
        if self._task is None:
            # Resumed samples count as done but start the bar's clock afresh (see the module docstring).
            self._task = self._progress.add_task(self.label, total=state.total, completed=state.done, rate=rate)
            return
        self._progress.update(self._task, completed=state.done, rate=rate)

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()
