"""The backend contract: what an episode needs from a cluster, whatever the cluster is.

A backend answers AIOpsLab's six telemetry/shell APIs with AIOpsLab's exact texts, moves time on
by one agent step in `tick`, and hands the oracles a `ClusterReader`. Backends share no code, so
this is a `Protocol`; `aoi.env.backends` has the twin and a scripted one for tests.

Texts every backend must reproduce (from AIOpsLab's `TaskActions` and its local `Shell`):

* `exec_shell`: stdout followed by stderr when the command exits 0; otherwise
  ``[ERROR] Command execution failed: <stderr>`` (see `shell_output`). Blocked commands never
  reach the backend (`aoi.env.shell_guard` runs first).
* `get_logs`: the first pod selected by the namespace's label (``app=`` in test-social-network,
  ``io.kompose.service=`` in test-hotel-reservation, ``app.kubernetes.io/name=`` in
  astronomy-shop, ``job-name=wrk2-job`` in default); namespace ``docker`` reads container logs.
  Failures answer `LOGS_NOT_FOUND` / `DOCKER_LOGS_NOT_FOUND`.
* `get_metrics` / `get_traces`: write CSVs and answer ``Metrics data exported to directory: ...``
  with the folder tree / ``Traces data exported to: <file>``.
* `read_metrics` / `read_traces`: pandas' ``to_string(index=False)`` of the file, or
  ``error: Metrics file '<path>' not found.`` / ``error: Traces file '<path>' not found.``

Optional capability, `Checkpointing`: a backend that can snapshot its whole cluster offers
``checkpoint() -> token`` and ``restore(token)``; the Executor takes a checkpoint before every
write and restores it to roll a write back. The twin restores exactly (virtual clock included);
a backend without it (a real cluster) simply lacks the two methods, and writes then run without
a rollback. It is a separate protocol so that `Backend` checks stay true for backends without it.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from .frame_text import csv_to_text

if TYPE_CHECKING:
    from aoi.problems import ClusterReader, Problem

__all__ = [
    "DOCKER_LOGS_NOT_FOUND",
    "LOGS_NOT_FOUND",
    "LOG_SELECTORS",
    "Backend",
    "Checkpointing",
    "log_selector",
    "private_workdir",
    "read_exported_csv",
    "shell_output",
]

LOGS_NOT_FOUND = "Error: Your service/namespace does not exist. Use kubectl to check."
DOCKER_LOGS_NOT_FOUND = "Error: Your service does not exist. Use docker to check."
# The pod label `get_logs` selects by, per namespace (AIOpsLab hard-codes these four).
LOG_SELECTORS: dict[str, str] = {
    "test-social-network": "app",
    "test-hotel-reservation": "io.kompose.service",
    "astronomy-shop": "app.kubernetes.io/name",
}


@runtime_checkable
class Backend(Protocol):
    """A cluster an episode can run against. Every method returns the agent-facing text."""

    def reset(self, problem: Problem, seed: int) -> None:
        """Deploy ``problem``'s app, inject its fault, and forget any earlier episode."""
        ...

    def exec_shell(self, command: str) -> str:
        """Run one non-interactive shell command; see `shell_output` for the text."""
        ...

    def get_logs(self, namespace: str, service: str) -> str:
        """The full log of the service's first pod (or docker container)."""
        ...

    def get_metrics(self, namespace: str, duration: int) -> str:
        """Export the last ``duration`` minutes of container metrics; answer with the folder tree."""
        ...

    def read_metrics(self, file_path: str) -> str:
        """Print one exported metrics CSV."""
        ...

    def get_traces(self, namespace: str, duration: int) -> str:
        """Export the last ``duration`` minutes of traces; answer with the file path."""
        ...

    def read_traces(self, file_path: str) -> str:
        """Print one exported traces CSV."""
        ...

    def tick(self) -> None:
        """Let one agent step of time pass (the twin advances its virtual clock)."""
        ...

    def reader(self) -> ClusterReader:
        """The read-only view the oracles score mitigation against."""
        ...


@runtime_checkable
class Checkpointing(Protocol):
    """The optional snapshot/rollback capability of a backend (see the module docstring)."""

    def checkpoint(self) -> object:
        """An opaque token for the cluster's current state."""
        ...

    def restore(self, token: object) -> None:
        """Put the cluster back in the state ``token`` was taken in."""
        ...


def log_selector(namespace: str, service: object) -> dict[str, str] | None:
    """The pod label selector AIOpsLab's `get_logs` uses, or None where it finds no pod (not for ``docker``)."""
    if namespace in LOG_SELECTORS:
        return {LOG_SELECTORS[namespace]: str(service)}
    if namespace == "default" and isinstance(service, str) and "wrk2-job" in service:
        return {"job-name": "wrk2-job"}
    return None


def private_workdir(owner: object, prefix: str) -> Path:
    """A fresh temporary folder that is removed when ``owner`` is garbage-collected."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    weakref.finalize(owner, shutil.rmtree, folder, ignore_errors=True)
    return folder


def shell_output(stdout: str, stderr: str, exit_code: int) -> str:
    """AIOpsLab's local-shell text: stdout+stderr on success, the ``[ERROR]`` line otherwise."""
    if exit_code != 0:
        return f"[ERROR] Command execution failed: {stderr}"
    return stdout + stderr


def read_exported_csv(file_path: str, kind: Literal["metrics", "traces"], base: Path | None = None) -> str:
    """`read_metrics` / `read_traces` over a local file, with AIOpsLab's texts for every failure.

    A relative ``file_path`` is taken relative to ``base`` (AIOpsLab: its working directory,
    where ``metrics_output/`` and ``trace_output/`` are written).
    """
    path = Path(str(file_path))
    if base is not None and not path.is_absolute():
        path = base / path
    if not path.exists():
        return f"error: {kind.capitalize()} file '{file_path}' not found."
    try:
        return csv_to_text(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return f"Failed to read {kind}: {exc}"
