"""Container logs the programs wrote themselves: what each container printed, per run.

Lines are kept per (namespace, pod, container) and per run, so ``--previous`` can show the run
before the current one, as the kubelet keeps exactly one previous log file. Each line keeps the
virtual time it was written at (the batch's time, or a later RFC 3339 stamp at the line's
start: a behaviour prints a whole start-up at once), so `aoi.twin.telemetry.logs` can merge these stored
lines (startup, crashes, server-side client lines) with the request-driven lines it generates
at read time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .clock import VirtualClock

from .clock import parse_rfc3339

LogKey = tuple[str, str, str]
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
Entry = tuple[float, str]  # (virtual time written, line)


class LogBook:
    def __init__(self, clock: VirtualClock | None = None) -> None:
        self._runs: dict[LogKey, list[list[Entry]]] = {}
        self._clock = clock

    def start_run(self, namespace: str, pod: str, container: str) -> None:
        """A container (re)started: later lines go to a fresh run; only one previous run is kept."""
        runs = self._runs.setdefault((namespace, pod, container), [])
        runs.append([])
        if len(runs) > 2:
            del runs[0]

    def append(self, namespace: str, pod: str, container: str, lines: Iterable[str],
               at: float | None = None) -> None:
        """Add lines written at ``at`` (default: the clock's now) to the container's current run."""
        runs = self._runs.setdefault((namespace, pod, container), [])
        if not runs:
            runs.append([])
        when = at if at is not None else (self._clock.now if self._clock is not None else 0.0)
        run = runs[-1]
        for line in lines:
            stamp = _STAMP.search(line, 0, 48)
            if stamp is not None:
                when = max(when, parse_rfc3339(stamp.group() + "Z"))
            run.append((when, line))

    def entries(self, namespace: str, pod: str, container: str, previous: bool = False) -> list[Entry]:
        runs = self._runs.get((namespace, pod, container), [])
        if previous:
            return list(runs[-2]) if len(runs) >= 2 else []
        return list(runs[-1]) if runs else []

    def read(self, namespace: str, pod: str, container: str, previous: bool = False) -> list[str]:
        """The stored lines only; `aoi.twin.telemetry.logs.read_log` adds the request-driven ones."""
        return [line for _, line in self.entries(namespace, pod, container, previous)]

    def has_previous(self, namespace: str, pod: str, container: str) -> bool:
        return len(self._runs.get((namespace, pod, container), [])) >= 2

    def forget_pod(self, namespace: str, pod: str) -> None:
        for key in [k for k in self._runs if k[0] == namespace and k[1] == pod]:
            del self._runs[key]

    def forget_namespace(self, namespace: str) -> None:
        for key in [k for k in self._runs if k[0] == namespace]:
            del self._runs[key]
