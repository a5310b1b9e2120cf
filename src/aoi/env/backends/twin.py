"""The twin backend: AIOpsLab's APIs answered by the in-process cluster twin.

`reset` deploys the problem's app with its fault through `aoi.twin.scenario`; shell commands
run in the twin's shell; logs come from the twin's log book; metric and trace CSVs are written
by `aoi.twin.telemetry` (the request-flow model) under ``workdir`` (a private temporary folder unless one is given,
removed when the backend is collected). `checkpoint`/`restore` snapshot and restore the whole
cluster (the optional `Checkpointing` capability). Each `tick` advances the virtual clock by
``step_seconds``, standing in for the time an agent spends thinking between two actions.

Observations are byte-identical for the same problem, seed, actions and ``workdir``; the
export texts contain the workdir's path, so compare runs with a fixed one.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..backend import (
    DOCKER_LOGS_NOT_FOUND,
    LOGS_NOT_FOUND,
    log_selector,
    private_workdir,
    read_exported_csv,
    shell_output,
)

if TYPE_CHECKING:
    from aoi.problems import ClusterReader, Problem
    from aoi.twin.cluster import Cluster

__all__ = ["TwinBackend", "TwinReader"]

class TwinReader:
    """The twin cluster as a `ClusterReader`; waiting advances its virtual clock."""

    def __init__(self, cluster: Cluster) -> None:
        self._cluster = cluster

    def find(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        return self._cluster.find(kind, name, namespace)

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        return self._cluster.list(kind, namespace)

    def wait(self, seconds: float) -> None:
        self._cluster.advance(seconds)


class TwinBackend:
    """A `Backend` over a fresh twin cluster per `reset`."""

    def __init__(self, step_seconds: float = 10.0, workdir: Path | None = None, noise: str = "realistic") -> None:
        if step_seconds < 0:
            raise ValueError(f"step_seconds must be >= 0, got {step_seconds}")
        self.step_seconds = step_seconds
        self.noise = noise  # telemetry realism: "off", "realistic" or "high"
        self._workdir = Path(workdir) if workdir is not None else None
        self._cluster: Cluster | None = None
        self._shell = None
        self._seed = 0

    # ------------------------------------------------------------ lifecycle
    def reset(self, problem: Problem, seed: int) -> None:
        from aoi.twin.scenario import start_scenario, twin_shell

        self._cluster = start_scenario(problem.app.value, problem.namespace, problem.fault, seed=seed,
                                       noise=self.noise)
        self._shell = twin_shell(self._cluster)
        self._seed = seed

    @property
    def cluster(self) -> Cluster:
        if self._cluster is None:
            raise RuntimeError("TwinBackend has no cluster yet: call reset(problem, seed) first")
        return self._cluster

    @property
    def workdir(self) -> Path:
        """Where exported telemetry goes; created on first use."""
        if self._workdir is None:
            self._workdir = private_workdir(self, "aoi-twin-")
        return self._workdir

    def tick(self) -> None:
        self.cluster.advance(self.step_seconds)

    # ------------------------------------------------------- checkpointing
    def checkpoint(self) -> bytes:
        """The whole cluster state (`Cluster.snapshot`), for `restore`; the `Checkpointing` capability."""
        return self.cluster.snapshot()

    def restore(self, token: object) -> None:
        """Replace the cluster with the one ``token`` was taken from, exactly, and rebuild the shell
        (files written in the shell are lost: they are not cluster state)."""
        from aoi.twin.cluster import Cluster
        from aoi.twin.scenario import twin_shell

        if not isinstance(token, bytes):
            raise TypeError(f"TwinBackend.restore expects a token from checkpoint() (bytes), got {type(token).__name__}")
        self._cluster = Cluster.restore(token, self.cluster.behaviours)
        self._shell = twin_shell(self._cluster)

    def reader(self) -> ClusterReader:
        return TwinReader(self.cluster)

    # ------------------------------------------------------------------ APIs
    def exec_shell(self, command: str) -> str:
        if self._shell is None:
            raise RuntimeError("TwinBackend has no shell yet: call reset(problem, seed) first")
        result = self._shell.run(command)
        return shell_output(result.stdout, result.stderr, result.exit_code)

    def get_logs(self, namespace: str, service: str) -> str:
        if namespace == "docker":
            from aoi.twin.scenario import docker_logs

            text = docker_logs(self.cluster, service)
            return DOCKER_LOGS_NOT_FOUND if text is None else text
        selector = log_selector(namespace, service)
        if selector is None:
            return LOGS_NOT_FOUND
        pods = self.cluster.list("Pod", namespace, selector)
        text = self._pod_log(pods[0]) if pods else None
        return LOGS_NOT_FOUND if text is None else text

    def get_metrics(self, namespace: str, duration: int = 5) -> str:
        from aoi.twin.telemetry import export_metrics

        minutes = timedelta(minutes=duration).total_seconds() / 60  # same type errors as AIOpsLab
        return export_metrics(self.cluster, namespace, self.workdir, minutes)

    def read_metrics(self, file_path: str) -> str:
        return read_exported_csv(file_path, "metrics", base=self.workdir)

    def get_traces(self, namespace: str, duration: int = 5) -> str:
        from aoi.twin.telemetry import export_traces

        minutes = timedelta(minutes=duration).total_seconds() / 60
        return export_traces(self.cluster, namespace, self.workdir, minutes)

    def read_traces(self, file_path: str) -> str:
        return read_exported_csv(file_path, "traces", base=self.workdir)

    # --------------------------------------------------------------- helpers
    def _pod_log(self, pod: dict) -> str | None:
        """The pod's log as the API server serves it without a container name; None if it refuses."""
        containers = pod.get("spec", {}).get("containers") or []
        if len(containers) != 1:
            return None  # the API server wants a container name for multi-container pods
        name = containers[0]["name"]
        status = next(
            (s for s in pod.get("status", {}).get("containerStatuses") or [] if s["name"] == name), None
        )
        if status is None or not _has_run(status):
            return None  # "container ... is waiting to start"
        from aoi.twin.telemetry.logs import log_text, read_log

        return log_text(read_log(self.cluster, pod, name))  # the same stream `kubectl logs` reads


def _has_run(status: dict) -> bool:
    state = status.get("state") or {}
    return "waiting" not in state or bool((status.get("lastState") or {}).get("terminated"))
