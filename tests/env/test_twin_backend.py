"""The twin backend: the backend contract, byte-identical replays for a seed, and what only the twin
has (a virtual clock shared by tick and reader, Flower's containers, the verify sweep)."""

from __future__ import annotations

import re

import pytest

from aoi.env import Episode, TwinBackend, fence, verify_problem
from aoi.env.backend import DOCKER_LOGS_NOT_FOUND
from aoi.problems import get_problem

from .backend_contract import BackendContract, reference_twin

HOTEL = "test-hotel-reservation"
NOOP_HOTEL = "noop_detection_hotel_reservation-1"


def started(problem_id=NOOP_HOTEL, seed=0, **kwargs) -> TwinBackend:
    backend = TwinBackend(**kwargs)
    backend.reset(get_problem(problem_id), seed)
    return backend


def telemetry_session(workdir, seed=0) -> list[str]:
    """Observations of a session that touches every API."""
    episode = Episode(get_problem("revoke_auth_mongodb-detection-1"), TwinBackend(workdir=workdir), seed=seed)
    episode.reset()
    seen = [episode.step(fence(f'exec_shell("kubectl get pods -n {HOTEL}")'))]
    seen.append(episode.step(fence(f'get_logs("{HOTEL}", "geo")')))
    seen.append(episode.step(fence(f'get_metrics("{HOTEL}", 2)')))
    folder = re.search(r"directory: (\S+)", seen[-1]).group(1)
    seen.append(
        episode.step(fence(f'read_metrics("{folder}/container/kpi_container_memory_usage_bytes.csv")'))
    )
    seen.append(episode.step(fence(f'get_traces("{HOTEL}")')))
    trace_file = seen[-1].removeprefix("Traces data exported to: ")
    seen.append(episode.step(fence(f'read_traces("{trace_file}")')))
    seen.append(episode.step(fence('submit("Yes")')))
    results = episode.result().results
    return [*seen, repr({k: v for k, v in results.items() if k != "TTD"})]


def test_same_seed_and_actions_give_identical_observations(tmp_path):
    first = telemetry_session(tmp_path)
    second = telemetry_session(tmp_path)
    assert first == second
    assert "NAME" in first[0] and "Running" in first[0]
    assert first[3].lstrip().startswith("timestamp") and "error" not in first[3][:20]
    assert first[5].lstrip().startswith("trace_id")


def test_flower_container_logs():
    backend = started("flower_node_stop-detection")
    assert backend.get_logs("docker", "no-such-container") == DOCKER_LOGS_NOT_FOUND
    assert backend.get_logs("docker", "superlink") != DOCKER_LOGS_NOT_FOUND


def test_tick_and_reader_share_the_virtual_clock():
    backend = started(step_seconds=7)
    before = backend.cluster.clock.now
    backend.tick()
    reader = backend.reader()
    reader.wait(3)
    assert backend.cluster.clock.now == before + 10
    assert reader.find("Deployment", "frontend", HOTEL)["metadata"]["name"] == "frontend"
    assert {d["metadata"]["name"] for d in reader.list("Deployment", HOTEL)} >= {"frontend", "geo"}


@pytest.mark.parametrize(
    "problem_id", ["k8s_target_port-misconfig-mitigation-1", "revoke_auth_mongodb-localization-1"]
)
def test_verify_problem(problem_id):
    row = verify_problem(get_problem(problem_id))
    assert row.ok, row.detail or row.error
    assert (row.no_fix_fails is None) == ("mitigation" not in problem_id)


@pytest.fixture(scope="module", name="backend")
def twin_backend() -> TwinBackend:
    return reference_twin()


@pytest.fixture(scope="module")
def reference() -> TwinBackend:
    return reference_twin()


class TestTwinContract(BackendContract):
    """The contract on the twin itself: a second twin in the same state must agree byte for byte."""
