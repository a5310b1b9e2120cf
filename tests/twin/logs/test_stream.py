"""One stream: `get_logs` equals `kubectl logs`, reads are deterministic, `--tail`/`--since` cut it."""

from __future__ import annotations

from aoi.twin.telemetry.logs import read_log

from .conftest import started

SHOP = "astronomy-shop"


def _kubectl(backend, command: str) -> str:
    return backend.exec_shell(command)


def test_get_logs_equals_kubectl_logs(tmp_path):
    backend = started("astronomy_shop_payment_service_failure-detection-1", tmp_path)
    pod = backend.cluster.list("Pod", SHOP, {"app.kubernetes.io/name": "payment"})[0]["metadata"]["name"]
    assert backend.get_logs(SHOP, "payment") == _kubectl(backend, f"kubectl logs {pod} -n {SHOP}")
    assert "Payment request failed" in backend.get_logs(SHOP, "payment")


def test_same_seed_same_bytes_and_later_reads_grow(tmp_path):
    first = started("astronomy_shop_ad_service_failure-detection-1", tmp_path / "a", seed=3)
    second = started("astronomy_shop_ad_service_failure-detection-1", tmp_path / "b", seed=3)
    assert first.get_logs(SHOP, "ad") == second.get_logs(SHOP, "ad")
    before = first.get_logs(SHOP, "ad")
    first.cluster.advance(120)
    after = first.get_logs(SHOP, "ad")
    assert after.startswith(before) and len(after.splitlines()) > len(before.splitlines())


def test_tail_is_the_end_of_the_full_log(tmp_path):
    backend = started("astronomy_shop_cart_service_failure-detection-1", tmp_path)
    backend.cluster.advance(3600)
    pod = backend.cluster.list("Pod", SHOP, {"app.kubernetes.io/name": "cart"})[0]
    container = pod["spec"]["containers"][0]["name"]
    full = read_log(backend.cluster, pod, container)
    assert read_log(backend.cluster, pod, container, tail=50) == full[-50:]
    name = pod["metadata"]["name"]
    tail = _kubectl(backend, f"kubectl logs {name} -n {SHOP} --tail=7")
    assert tail.splitlines() == [line for _, line in full[-7:]]


def test_since_keeps_lines_written_in_the_window(tmp_path):
    backend = started("astronomy_shop_ad_service_failure-detection-1", tmp_path)
    backend.cluster.advance(600)
    now = backend.cluster.clock.now
    pod = backend.cluster.list("Pod", SHOP, {"app.kubernetes.io/name": "ad"})[0]
    container = pod["spec"]["containers"][0]["name"]
    full = read_log(backend.cluster, pod, container)
    recent = [line for t, line in full if t >= now - 120]
    assert 0 < len(recent) < len(full)
    out = _kubectl(backend, f"kubectl logs {pod['metadata']['name']} -n {SHOP} --since=2m")
    assert out.splitlines() == recent
    stamped = _kubectl(backend, f"kubectl logs {pod['metadata']['name']} -n {SHOP} --since=2m --timestamps")
    assert stamped.splitlines()[0].endswith(recent[0]) and stamped.startswith("2026-")
