"""The kube backend passes the backend contract: real kubectl and real HTTP against a served twin
of the contract's problem, compared with the twin backend in the same state."""

from __future__ import annotations

import pytest

from aoi.env.kube import KubeBackend
from aoi.problems import get_problem

from ..backend_contract import PROBLEM_ID, SEED, WARMUP_S, BackendContract, reference_twin
from .conftest import served


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    with served(PROBLEM_ID, tmp_path_factory.mktemp("kube"), seed=SEED, warmup_s=WARMUP_S) as server:
        backend = KubeBackend(server.kubeconfig, prometheus_url=server.prometheus_url, jaeger_url=server.jaeger_url,
                              timeout_s=20)
        backend.reset(get_problem(PROBLEM_ID), SEED)
        yield backend


@pytest.fixture(scope="module")
def reference():
    return reference_twin()


class TestKubeContract(BackendContract):
    """Every contract test, on `KubeBackend`."""
