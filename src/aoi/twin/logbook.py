"""Container logs: what each container printed, per run, as `kubectl logs` reads it.

Lines are kept per (namespace, pod, container) and per run, so ``--previous`` can show the run
before the current one, as the kubelet keeps exactly one previous log file.
"""

from __future__ import annotations

from collections.abc import Iterable

LogKey = tuple[str, str, str]


class LogBook:
    def __init__(self) -> None:
        self._runs: dict[LogKey, list[list[str]]] = {}

    def start_run(self, namespace: str, pod: str, container: str) -> None:
        """A container (re)started: later lines go to a fresh run; only one previous run is kept."""
        runs = self._runs.setdefault((namespace, pod, container), [])
        runs.append([])
        if len(runs) > 2:
            del runs[0]

    def append(self, namespace: str, pod: str, container: str, lines: Iterable[str]) -> None:
        runs = self._runs.setdefault((namespace, pod, container), [])
        if not runs:
            runs.append([])
        runs[-1].extend(lines)

    def read(self, namespace: str, pod: str, container: str, previous: bool = False) -> list[str]:
        runs = self._runs.get((namespace, pod, container), [])
        if previous:
            return list(runs[-2]) if len(runs) >= 2 else []
        return list(runs[-1]) if runs else []

    def has_previous(self, namespace: str, pod: str, container: str) -> bool:
        return len(self._runs.get((namespace, pod, container), [])) >= 2

    def forget_pod(self, namespace: str, pod: str) -> None:
        for key in [k for k in self._runs if k[0] == namespace and k[1] == pod]:
            del self._runs[key]

    def forget_namespace(self, namespace: str) -> None:
        for key in [k for k in self._runs if k[0] == namespace]:
            del self._runs[key]
