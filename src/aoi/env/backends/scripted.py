"""A backend built from plain functions, for tests and for wiring agents without a cluster.

Each API is answered by the function given for it; an API without one answers a fixed text that
names it, so a test can see which API ran. `reader` defaults to an empty cluster, so
mitigation oracles see no pods. The backend counts resets and ticks, which lets a test check
that an episode advances time once per step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aoi.problems import ClusterReader, Problem

__all__ = ["EmptyReader", "ScriptedBackend"]


class EmptyReader:
    """A `ClusterReader` over a cluster with no objects; `wait` only adds up the seconds."""

    def __init__(self) -> None:
        self.waited = 0.0

    def find(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        return None

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        return []

    def wait(self, seconds: float) -> None:
        self.waited += seconds


def _unscripted(api: str) -> Callable[..., str]:
    def answer(*args: object) -> str:
        return f"[scripted backend] no {api} function given; called with {list(args)!r}"

    return answer


class ScriptedBackend:
    """A `Backend` whose answers come from the given functions (each gets the API's arguments)."""

    def __init__(
        self,
        *,
        shell: Callable[[str], str] | None = None,
        logs: Callable[[str, str], str] | None = None,
        metrics: Callable[[str, int], str] | None = None,
        read_metrics: Callable[[str], str] | None = None,
        traces: Callable[[str, int], str] | None = None,
        read_traces: Callable[[str], str] | None = None,
        reader: ClusterReader | None = None,
    ) -> None:
        self._shell = shell or _unscripted("exec_shell")
        self._logs = logs or _unscripted("get_logs")
        self._metrics = metrics or _unscripted("get_metrics")
        self._read_metrics = read_metrics or _unscripted("read_metrics")
        self._traces = traces or _unscripted("get_traces")
        self._read_traces = read_traces or _unscripted("read_traces")
        self._reader: ClusterReader = reader if reader is not None else EmptyReader()
        self.resets: list[tuple[str, int]] = []
        self.ticks = 0

    def reset(self, problem: Problem, seed: int) -> None:
        self.resets.append((problem.id, seed))
        self.ticks = 0

    def exec_shell(self, command: str) -> str:
        return self._shell(command)

    def get_logs(self, namespace: str, service: str) -> str:
        return self._logs(namespace, service)

    def get_metrics(self, namespace: str, duration: int) -> str:
        return self._metrics(namespace, duration)

    def read_metrics(self, file_path: str) -> str:
        return self._read_metrics(file_path)

    def get_traces(self, namespace: str, duration: int) -> str:
        return self._traces(namespace, duration)

    def read_traces(self, file_path: str) -> str:
        return self._read_traces(file_path)

    def tick(self) -> None:
        self.ticks += 1

    def reader(self) -> ClusterReader:
        return self._reader
