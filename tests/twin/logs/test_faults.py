"""Each fault family's real error lines, at the root-cause service or its callers; quiet when healthy."""

from __future__ import annotations

import pytest

from aoi.twin.apps import run_workload

from .conftest import alarms, namespace_logs, service_log, started

HOTEL, SOCIAL, SHOP = "test-hotel-reservation", "test-social-network", "astronomy-shop"


@pytest.mark.parametrize("problem,namespace", [
    ("noop_detection_hotel_reservation-1", HOTEL), ("noop_detection_social_network-1", SOCIAL),
    ("noop_detection_astronomy_shop-1", SHOP)])
@pytest.mark.parametrize("noise", ["off", "high"])
def test_healthy_apps_log_no_error_lines(problem, namespace, noise, tmp_path):
    backend = started(problem, tmp_path, noise=noise, wait=900)
    logs = namespace_logs(backend, namespace)
    assert {pod: alarms(text) for pod, text in logs.items() if alarms(text)} == {}
    if namespace != SHOP:  # the demo's services log every request; DeathStarBench's only the wrk2 burst's errors
        benign = sum("Slow query" in t or "WiredTiger message" in t for t in logs.values())
        assert (benign > 0) == (noise == "high")


def _everything(backend, namespace: str) -> str:
    return "\n".join(namespace_logs(backend, namespace).values())


@pytest.mark.parametrize("problem,namespace,service,expected", [
    ("k8s_target_port-misconfig-detection-1", SOCIAL, "compose-post-service",
     "TSocket::open() connect() <Host: user-service Port: 9090>: Connection refused"),
    ("scale_pod_zero_social_net-detection-1", SOCIAL, None, ": Connection refused"),
    ("auth_miss_mongodb-detection-1", SOCIAL, "url-shorten-service",
     "Error: Failed to insert to MongoDB: No suitable servers found"),
    ("revoke_auth_mongodb-detection-1", HOTEL, None, "not authorized on"),
    ("user_unregistered_mongodb-detection-1", HOTEL, None, "Authentication failed"),
    ("misconfig_app_hotel_res-detection-1", HOTEL, "geo", "no reachable servers"),
])
def test_fault_error_lines(problem, namespace, service, expected, tmp_path):
    backend = started(problem, tmp_path)
    # All the service's pods: a bad rollout (misconfig_app) leaves the old pod beside the failing one,
    # and which of them get_logs reads (the first by name) is up to the generated names.
    logs = namespace_logs(backend, namespace)
    text = "\n".join(t for pod, t in logs.items() if service is None or pod.startswith(f"{service}-"))
    assert expected in text


@pytest.mark.parametrize("problem,service,expected", [
    ("astronomy_shop_ad_service_failure-detection-1", "ad", "GetAds Failed with status Status{code=UNAVAILABLE"),
    ("astronomy_shop_ad_service_high_cpu-detection-1", "ad", "High CPU-Load problempattern enabled"),
    ("astronomy_shop_ad_service_manual_gc-detection-1", "ad", "The artificially triggered GCs took"),
    ("astronomy_shop_cart_service_failure-detection-1", "cart", "Can't access cart storage."),
    ("astronomy_shop_payment_service_failure-detection-1", "payment", "Payment request failed. Invalid token."),
    ("astronomy_shop_payment_service_failure-detection-1", "frontend", "13 INTERNAL: failed to charge card"),
    ("astronomy_shop_payment_service_unreachable-detection-1", "frontend", "name resolver error"),
    ("astronomy_shop_product_catalog_service_failure-detection-1", "product-catalog",
     "Product Catalog Fail Feature Flag Enabled"),
    ("astronomy_shop_recommendation_service_cache_failure-detection-1", "recommendation",
     "get_product_list: cache miss"),
    ("astronomy_shop_kafka_queue_problems-detection-1", "checkout", "'kafkaQueueProblems' is activated"),
    ("astronomy_shop_kafka_queue_problems-detection-1", "fraud-detection", "'kafkaQueueProblems' is enabled"),
])
def test_flag_lines(problem, service, expected, tmp_path):
    backend = started(problem, tmp_path, wait=300)
    assert expected in service_log(backend, SHOP, service)


def test_flag_lines_are_absent_when_healthy(tmp_path):
    backend = started("noop_detection_astronomy_shop-1", tmp_path, wait=300)
    text = _everything(backend, SHOP)
    for marker in ("GetAds Failed", "Can't access cart storage", "Payment request failed", "cache miss",
                   "kafkaQueueProblems", "Product Catalog Fail", "⨯ Error"):
        assert marker not in text


def test_network_loss_times_out_callers_only_while_it_runs(tmp_path):
    # (network_delay's latency stays under the 30 s gRPC wait in the flow model: slower, no errors.)
    backend = started("network_loss_hotel_res-detection-1", tmp_path, wait=0)
    cluster = backend.cluster
    run_workload(cluster, HOTEL, rate=50, duration=30)  # enough user logins to see the victim's calls
    cluster.advance(60)
    during = service_log(backend, HOTEL, "frontend")
    assert "UserHandler CheckUser failed: rpc error: code = DeadlineExceeded" in during
    cluster.advance(300)  # the 200 s experiment is over
    run_workload(cluster, HOTEL, rate=50, duration=30)
    cluster.advance(60)
    after = service_log(backend, HOTEL, "frontend")
    assert after.count("DeadlineExceeded") == during.count("DeadlineExceeded")


def test_killed_container_restarts_with_its_startup_lines(tmp_path):
    backend = started("container_kill-detection", tmp_path)
    pod = backend.cluster.list("Pod", HOTEL, {"io.kompose.service": "geo"})[0]["metadata"]["name"]
    current = backend.exec_shell(f"kubectl logs {pod} -n {HOTEL}")
    previous = backend.exec_shell(f"kubectl logs {pod} -n {HOTEL} --previous")
    assert "Reading config..." in current and "Reading config..." in previous
