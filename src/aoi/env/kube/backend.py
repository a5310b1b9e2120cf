"""`KubeBackend`: AIOpsLab's APIs answered by a real cluster, through kubectl, Prometheus and Jaeger.

The same interface and texts as `TwinBackend`, over a live cluster:

* `exec_shell` runs the line in the twin's pure-Python shell (`shell.kube_shell`); each kubectl
  call in it runs the real binary with the Probe's kubeconfig when `aoi.safety` classifies it as
  a read, the Executor's when a write (refused, with a line saying so, when there is none).
* `get_logs` picks the first pod by AIOpsLab's label selectors and reads its log as AIOpsLab's
  Python client does (``/api/v1/namespaces/<ns>/pods/<pod>/log``, no container named).
* `get_metrics` / `get_traces` query Prometheus' ``query_range`` and Jaeger's ``/api/traces`` and
  write AIOpsLab's CSVs with the twin's writers (`prometheus`, `jaeger`); without a URL, or when
  the service does not answer, the answer is one ``Error: ...`` line.
* `reset` injects nothing: on a real cluster the fault is already there (an AIOpsLab injection,
  or the live incident being investigated). It checks that the namespace exists and records the
  problem; a missing namespace or an unreachable API server raises a one-line `KubeError`.
* `tick` sleeps ``step_seconds`` (0 by default: real time passes on its own while agents think).
* `reader` is a `KubeReader` (``kubectl get -o json``, real and bounded waits).

There is no `Checkpointing` on a real cluster: writes run without a rollback.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..backend import (
    DOCKER_LOGS_NOT_FOUND,
    LOGS_NOT_FOUND,
    log_selector,
    private_workdir,
    read_exported_csv,
    shell_output,
)
from . import jaeger, prometheus
from .errors import KubectlFailed, KubeError, NamespaceMissing
from .http import Unreachable
from .kubectl import Kubectl
from .reader import KubeReader
from .roles import Credentials
from .shell import kube_shell

if TYPE_CHECKING:
    from aoi.problems import Problem
    from aoi.twin.shell import Shell

__all__ = ["KubeBackend"]


class KubeBackend:
    """A `Backend` over the cluster the kubeconfigs point at (see the module docstring)."""

    def __init__(
        self,
        kubeconfig_probe: str | Path,
        kubeconfig_executor: str | Path | None = None,
        *,
        prometheus_url: str | None = None,
        jaeger_url: str | None = None,
        timeout_s: float = 30.0,
        workdir: Path | None = None,
        step_seconds: float = 0.0,
        kubectl: str = "kubectl",
        reader_max_wait_s: float = 120.0,
    ) -> None:
        """``timeout_s`` bounds every kubectl call and HTTP request (AIOpsLab's shell: 30 s);
        ``kubectl`` is the binary (a name on PATH or a path); ``reader_max_wait_s`` caps the
        oracles' waits, all together."""
        if timeout_s <= 0 or step_seconds < 0:
            raise ValueError(f"timeout_s must be > 0 and step_seconds >= 0, got {timeout_s} and {step_seconds}")
        paths = [Path(kubeconfig_probe), *([Path(kubeconfig_executor)] if kubeconfig_executor else [])]
        for path in paths:
            if not path.is_file():
                raise KubeError(f"kubeconfig {path} does not exist or is not a file")
        self.credentials = Credentials(paths[0], paths[1] if len(paths) > 1 else None)
        self.prometheus_url, self.jaeger_url = prometheus_url, jaeger_url
        self.timeout_s, self.step_seconds, self.reader_max_wait_s = timeout_s, step_seconds, reader_max_wait_s
        self.kubectl = Kubectl(kubectl, timeout_s)
        self._workdir = Path(workdir) if workdir is not None else None
        self._shell: Shell | None = None
        self.problem: Problem | None = None

    # ------------------------------------------------------------ lifecycle
    def reset(self, problem: Problem, seed: int) -> None:
        """Check the problem's namespace is there and start a fresh shell; nothing is injected
        (``seed`` has nothing to seed on a real cluster)."""
        if problem.namespace == "docker":
            raise KubeError(f"{problem.id} runs under docker compose, not on Kubernetes; "
                            "the kube backend cannot run it")
        found = self.kubectl.run(["kubectl", "get", "namespace", problem.namespace, "-o", "name"],
                                 self.credentials.probe)
        if "(NotFound)" in found.stderr:
            raise NamespaceMissing(f"namespace {problem.namespace!r} does not exist on the cluster")
        if not found.ok:
            raise KubectlFailed(f"cannot read namespace {problem.namespace!r}: {found.stderr.strip()}")
        self.problem = problem
        self._shell = kube_shell(self.kubectl, self.credentials, self.workdir)

    @property
    def workdir(self) -> Path:
        """Where exported telemetry goes; a private temporary folder unless one was given."""
        if self._workdir is None:
            self._workdir = private_workdir(self, "aoi-kube-")
        return self._workdir

    def tick(self) -> None:
        if self.step_seconds:
            time.sleep(self.step_seconds)

    def reader(self) -> KubeReader:
        return KubeReader(self.kubectl, self.credentials.probe, max_wait_s=self.reader_max_wait_s)

    # ------------------------------------------------------------------ APIs
    def exec_shell(self, command: str) -> str:
        if self._shell is None:
            raise RuntimeError("KubeBackend has no shell yet: call reset(problem, seed) first")
        result = self._shell.run(command)
        return shell_output(result.stdout, result.stderr, result.exit_code)

    def get_logs(self, namespace: str, service: str) -> str:
        if namespace == "docker":
            return DOCKER_LOGS_NOT_FOUND  # compose apps are not on a Kubernetes cluster
        selector = log_selector(namespace, service)
        if selector is None:
            return LOGS_NOT_FOUND
        # AIOpsLab answers every failure (no pod, no access, no server) with the same line.
        label = ",".join(f"{key}={value}" for key, value in selector.items())
        pods = self.kubectl.run(["kubectl", "get", "pods", "-n", namespace, f"--selector={label}", "-o", "json"],
                                self.credentials.probe)
        try:
            name = json.loads(pods.stdout)["items"][0]["metadata"]["name"] if pods.ok else None
        except (ValueError, LookupError, TypeError):
            name = None
        if name is None:
            return LOGS_NOT_FOUND
        path = f"/api/v1/namespaces/{quote(namespace, safe='')}/pods/{quote(name, safe='')}/log"
        log = self.kubectl.run(["kubectl", "get", "--raw", path], self.credentials.probe)
        return log.stdout if log.ok else LOGS_NOT_FOUND

    def get_metrics(self, namespace: str, duration: int = 5) -> str:
        minutes = timedelta(minutes=duration).total_seconds() / 60  # same type errors as AIOpsLab
        if not self.prometheus_url:
            return "Error: no Prometheus is configured for this cluster (aoi run --prometheus-url URL)."
        try:
            return prometheus.export_metrics(self.prometheus_url, namespace, self.workdir, minutes, self.timeout_s)
        except Unreachable as exc:
            return str(exc)

    def read_metrics(self, file_path: str) -> str:
        return read_exported_csv(file_path, "metrics", base=self.workdir)

    def get_traces(self, namespace: str, duration: int = 5) -> str:
        minutes = timedelta(minutes=duration).total_seconds() / 60
        if not self.jaeger_url:
            return "Error: no Jaeger is configured for this cluster (aoi run --jaeger-url URL)."
        try:
            return jaeger.export_traces(self.jaeger_url, self.workdir, minutes, self.timeout_s)
        except Unreachable as exc:
            return str(exc)

    def read_traces(self, file_path: str) -> str:
        return read_exported_csv(file_path, "traces", base=self.workdir)
