"""Served twins for the kube backend's tests: real kubectl and real HTTP against `aoi.twin.server`.

`served` starts one twin of a catalog problem as a Kubernetes API server (with its Prometheus
under ``/prometheus`` and Jaeger under ``/jaeger``) and writes a kubeconfig for it; each test
module starts its own, once. Every test here is skipped, saying why, where kubectl is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from aoi.problems import get_problem
from aoi.twin.server import ServedTwin, scenario_twin, serving, write_kubeconfig

if shutil.which("kubectl") is None:
    pytest.skip("the kube backend's tests need a kubectl binary on PATH", allow_module_level=True)


@dataclass(frozen=True)
class Served:
    """A served twin: its URL, its kubeconfig, and the twin itself (to look behind the API)."""

    twin: ServedTwin
    url: str
    kubeconfig: Path

    @property
    def prometheus_url(self) -> str:
        return f"{self.url}/prometheus"

    @property
    def jaeger_url(self) -> str:
        return f"{self.url}/jaeger"


@contextmanager
def served(problem_id: str, folder: Path, *, seed: int = 0, step_seconds: float = 0.0,
           warmup_s: float = 0.0) -> Iterator[Served]:
    """``problem_id`` served from a fresh twin whose clock moved ``warmup_s`` on after the start."""
    problem = get_problem(problem_id)
    twin = scenario_twin(problem.app.value, problem.namespace, problem.fault, seed=seed, step_seconds=step_seconds)
    twin.cluster.advance(warmup_s)
    with serving(twin) as url:
        yield Served(twin, url, write_kubeconfig(folder / "kubeconfig", url, problem.namespace))
