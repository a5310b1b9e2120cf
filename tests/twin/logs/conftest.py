"""Problems started on the twin backend, and every pod's log as `get_logs` returns it."""

from __future__ import annotations

import re
from pathlib import Path

# The runbook Observer's alarm pattern: what counts as an error line.
from aoi.agents.runbook.logs import ALARMS  # noqa: E402
from aoi.env.backends.twin import TwinBackend
from aoi.problems import get_problem
from aoi.twin.telemetry.logs import log_text, read_log

BENIGN = re.compile(r"overcommit_memory|TLS 1\.0")


def started(problem_id: str, tmp: Path, *, seed: int = 0, noise: str = "realistic", wait: float = 40) -> TwinBackend:
    backend = TwinBackend(workdir=tmp, noise=noise)
    backend.reset(get_problem(problem_id), seed)
    backend.cluster.advance(wait)
    return backend


def namespace_logs(backend: TwinBackend, namespace: str) -> dict[str, str]:
    """pod name -> its first container's current log."""
    out = {}
    for pod in backend.cluster.list("Pod", namespace):
        container = pod["spec"]["containers"][0]["name"]
        out[pod["metadata"]["name"]] = log_text(read_log(backend.cluster, pod, container))
    return out


def alarms(text: str) -> list[str]:
    return [line for line in text.splitlines() if ALARMS.search(line) and not BENIGN.search(line)]


def service_log(backend: TwinBackend, namespace: str, service: str) -> str:
    return backend.get_logs(namespace, service)
