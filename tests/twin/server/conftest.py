"""Fixtures for the twin's API server: the problem most tests serve, a TestClient over it, and a
real kubectl pointed at a background server.

``hotel_twin`` is a fresh cluster per test (restoring the cached snapshot takes about a
millisecond), with a frozen clock so outputs do not drift between requests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from aoi.problems import Problem, get_problem
from aoi.twin.server import ServedTwin, create_app, scenario_twin

PROBLEM_ID = "revoke_auth_mongodb-mitigation-1"
NS = "test-hotel-reservation"
KUBECTL = shutil.which("kubectl")
needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="real kubectl is not installed (shutil.which('kubectl'))")


def problem() -> Problem:
    return get_problem(PROBLEM_ID)


def make_twin(step_seconds: float = 0.0) -> ServedTwin:
    p = problem()
    return scenario_twin(p.app.value, p.namespace, p.fault, seed=0, step_seconds=step_seconds)


@pytest.fixture
def hotel_twin() -> ServedTwin:
    return make_twin()


@pytest.fixture
def api(hotel_twin: ServedTwin) -> Iterator[TestClient]:
    with TestClient(create_app(hotel_twin)) as client:
        yield client


@dataclass
class Kubectl:
    """Real kubectl against a served twin; HOME is private so its discovery cache is too."""

    kubeconfig: Path
    home: Path

    def __call__(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(self.home)}
        return subprocess.run([KUBECTL or "kubectl", "--kubeconfig", str(self.kubeconfig), *args], input=stdin,
                              capture_output=True, text=True, env=env, timeout=60, check=False)

    def ok(self, *args: str, stdin: str | None = None) -> str:
        """stdout of a command that must succeed."""
        done = self(*args, stdin=stdin)
        assert done.returncode == 0, f"kubectl {' '.join(args)} failed ({done.returncode}): {done.stderr}"
        return done.stdout
