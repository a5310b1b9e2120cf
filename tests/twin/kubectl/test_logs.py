"""``kubectl logs``: targets, containers, previous runs, filters and the API server's errors."""

from __future__ import annotations

import pytest

from aoi.twin.cluster import Cluster

from .read_fixtures import build_shop, kubectl, pod_named


@pytest.fixture(scope="module")
def shop() -> Cluster:
    return build_shop()


def test_pod_and_workload_targets(shop: Cluster):
    web = pod_named(shop, "web")["metadata"]["name"]
    result = kubectl(shop, f"logs {web}")
    assert result.stdout == ("2026-03-02T09:00:02Z starting web\n2026-03-02T09:00:03Z listening on :8080\n"
                             "2026-03-02T09:00:04Z ready\n")
    via_deploy = kubectl(shop, "logs deploy/web")
    assert via_deploy.stdout == result.stdout or via_deploy.stdout.endswith("ready\n")
    assert via_deploy.stderr.startswith("Found 2 pods, using pod/web-")
    assert kubectl(shop, "logs svc/web").stdout.endswith("ready\n")
    assert kubectl(shop, f"logs pod/{web} --tail 1").stdout == "2026-03-02T09:00:04Z ready\n"
    assert kubectl(shop, f"logs {web} --tail=0").stdout == ""


def test_since_filters_timestamped_lines(shop: Cluster):
    web = pod_named(shop, "web")["metadata"]["name"]
    # The clock is 95 s past 09:00:00, so the last 92 s start at 09:00:03.
    assert kubectl(shop, f"logs {web} --since=92s").stdout.splitlines() == [
        "2026-03-02T09:00:03Z listening on :8080", "2026-03-02T09:00:04Z ready"]
    assert kubectl(shop, f"logs {web} --since=1m").stdout == ""
    assert "invalid duration" in kubectl(shop, f"logs {web} --since=abc").stderr


def test_previous_run_of_a_crashing_container(shop: Cluster):
    crash = pod_named(shop, "crash")["metadata"]["name"]
    restarts = pod_named(shop, "crash")["status"]["containerStatuses"][0]["restartCount"]
    assert kubectl(shop, f"logs {crash}").stdout == f"fatal: run {restarts}\n"
    assert kubectl(shop, f"logs {crash} -p").stdout == f"fatal: run {restarts - 1}\n"
    web = pod_named(shop, "web")["metadata"]["name"]
    fresh = kubectl(shop, f"logs {web} --previous")
    assert (fresh.exit_code, fresh.stderr) == (
        1, f'Error from server (BadRequest): previous terminated container "web" in pod "{web}" not found\n')


def test_containers_that_never_started(shop: Cluster):
    pull = pod_named(shop, "pull")["metadata"]["name"]
    result = kubectl(shop, f"logs {pull}")
    assert result.stderr == (f'Error from server (BadRequest): container "pull" in pod "{pull}" is waiting to start: '
                             "trying and failing to pull image\n")
    stuck = pod_named(shop, "stuck")["metadata"]["name"]
    assert kubectl(shop, f"logs {stuck}").stderr.endswith("is waiting to start: ContainerCreating\n")


def test_multi_container_pods(shop: Cluster):
    duo = pod_named(shop, "duo")["metadata"]["name"]
    default = kubectl(shop, f"logs {duo}")
    assert default.stderr == 'Defaulted container "main" out of: main, side\n'
    assert default.stdout.endswith("ready\n")
    assert kubectl(shop, f"logs {duo} -c side").stdout == "sidecar up\n"
    assert kubectl(shop, f"logs {duo} side").stdout == "sidecar up\n"
    both = kubectl(shop, f"logs {duo} --all-containers --prefix").stdout.splitlines()
    assert both[0].startswith(f"[pod/{duo}/main] ") and both[-1] == f"[pod/{duo}/side] sidecar up"
    wrong = kubectl(shop, f"logs {duo} -c nope")
    assert wrong.stderr == f"error: container nope is not valid for pod {duo}\n"  # kubectl's own check


def test_selector_and_missing_targets(shop: Cluster):
    lines = kubectl(shop, "logs -l app=web").stdout.splitlines()
    assert len(lines) == 6 and lines.count("2026-03-02T09:00:04Z ready") == 2
    missing = kubectl(shop, "logs nope")
    assert (missing.exit_code, missing.stderr) == (
        1, 'error: error from server (NotFound): pods "nope" not found in namespace "shop"\n')
    assert kubectl(shop, "logs deploy/nope").stderr == (
        'error: error from server (NotFound): deployments.apps "nope" not found in namespace "shop"\n')
    assert "POD or TYPE/NAME is a required argument" in kubectl(shop, "logs").stderr
