"""The clock policy (virtual steps per kubectl invocation, or the wall clock) and the clock's start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from aoi.twin.clock import EPOCH, default_start, starting_at
from aoi.twin.server import ServedTwin, create_app, scenario_twin

from .conftest import NS, make_twin, problem


def _get(client: TestClient, session: str | None = None) -> None:
    headers = {"Kubectl-Session": session} if session else {}
    assert client.get(f"/api/v1/namespaces/{NS}/pods", headers=headers).status_code == 200


def test_each_new_kubectl_session_is_one_step_after_the_first() -> None:
    twin = make_twin(step_seconds=10)
    start = twin.cluster.clock.now
    with TestClient(create_app(twin)) as client:
        _get(client, "a")
        _get(client, "a")
        assert twin.cluster.clock.now == start  # the first invocation is served at the problem's start
        _get(client, "b")
        _get(client, "b")
        _get(client, "a")  # an old session coming back is not a new invocation
        assert twin.cluster.clock.now == start + 10
        _get(client, "c")
        assert twin.cluster.clock.now == start + 20


def test_clients_without_sessions_advance_once_per_write() -> None:
    twin = make_twin(step_seconds=10)
    start = twin.cluster.clock.now
    with TestClient(create_app(twin)) as client:
        _get(client)
        _get(client)
        cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
        assert client.post(f"/api/v1/namespaces/{NS}/configmaps", json=cm).status_code == 201
        assert twin.cluster.clock.now == start  # the first write is the first invocation
        assert client.delete(f"/api/v1/namespaces/{NS}/configmaps/x").status_code == 200
        assert twin.cluster.clock.now == start + 10


def test_zero_step_freezes_the_clock() -> None:
    twin = make_twin(step_seconds=0)
    start = twin.cluster.clock.now
    with TestClient(create_app(twin)) as client:
        for session in "abc":
            _get(client, session)
    assert twin.cluster.clock.now == start


def test_the_wall_clock_mode_starts_the_problem_now_and_follows_the_wall_clock() -> None:
    p = problem()
    now = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)
    twin = scenario_twin(p.app.value, p.namespace, p.fault, seed=0, clock="wall", now=now)
    assert twin.cluster.clock.datetime() == now
    pod = twin.cluster.list("Pod", NS)[0]
    created = datetime.fromisoformat(pod["metadata"]["creationTimestamp"])
    assert timedelta(0) < now - created < timedelta(minutes=10)  # the app was deployed minutes ago
    later = [now + timedelta(seconds=42)]
    wall = ServedTwin(twin.cluster, NS, clock="wall", wall_clock=lambda: later[0])
    with TestClient(create_app(wall)) as client:
        _get(client, "a")
        assert wall.cluster.clock.datetime() == later[0]
        later[0] = now  # the wall clock going back never moves the twin back
        _get(client, "b")
        assert wall.cluster.clock.datetime() == now + timedelta(seconds=42)


def test_starting_at_moves_the_start_of_new_clusters_only_inside_the_block() -> None:
    p = problem()
    normal = make_twin().cluster.clock.now
    moment = EPOCH + timedelta(days=100)
    with starting_at(moment):
        assert default_start() == 100 * 86400
        shifted = scenario_twin(p.app.value, p.namespace, p.fault, seed=0).cluster
    assert default_start() == 0.0
    assert shifted.clock.now == normal + 100 * 86400  # not the snapshot built at the default start
    assert make_twin().cluster.clock.now == normal  # ...which is still there, unchanged


def test_bad_settings_are_refused() -> None:
    cluster = make_twin().cluster
    with pytest.raises(ValueError, match="clock must be one of virtual, wall"):
        ServedTwin(cluster, clock="sundial")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="step_seconds must be >= 0"):
        ServedTwin(cluster, step_seconds=-1)
    with pytest.raises(ValueError, match="aware datetime"), starting_at(datetime(2026, 1, 1)):
        pass
