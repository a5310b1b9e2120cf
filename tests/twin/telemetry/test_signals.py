"""Every fault with a telemetry effect shows it at the root cause (or its callers, as in reality),
compared with the noop problem of the same app and seed; noop runs differ only by noise."""

from __future__ import annotations

import pytest

from .signals import collect, effects

NOOP = {
    "hotel": "noop_detection_hotel_reservation-1",
    "social": "noop_detection_social_network-1",
    "astro": "noop_detection_astronomy_shop-1",
}
# problem id -> (app, services where the effect must show: the root cause and its callers)
CASES = {
    "k8s_target_port-misconfig-detection-1": ("social", {"user-service", "compose-post-service"}),
    "scale_pod_zero_social_net-detection-1": ("social", {"user-service", "compose-post-service"}),
    "assign_to_non_existent_node_social_net-detection-1": ("social", {"user-service", "compose-post-service"}),
    "auth_miss_mongodb-detection-1": ("social", {"url-shorten-mongodb", "url-shorten-service", "text-service"}),
    "revoke_auth_mongodb-detection-1": ("hotel", {"mongodb-geo", "geo", "search"}),
    "revoke_auth_mongodb-detection-2": ("hotel", {"mongodb-rate", "rate", "search"}),
    "user_unregistered_mongodb-detection-1": ("hotel", {"mongodb-geo", "geo", "search"}),
    "misconfig_app_hotel_res-detection-1": ("hotel", {"geo", "search"}),
    "wrong_bin_usage-detection-1": ("hotel", {"profile", "frontend"}),
    "redeploy_without_PV-detection-1": ("hotel", {"mongodb-geo", "mongodb-rate", "mongodb-profile", "frontend"}),
    "pod_failure_hotel_res-detection-1": ("hotel", {"user", "frontend"}),
    "pod_kill_hotel_res-detection-1": ("hotel", {"user", "frontend"}),
    "container_kill-detection": ("hotel", {"geo", "search"}),
    "network_loss_hotel_res-detection-1": ("hotel", {"user", "frontend"}),
    "network_delay_hotel_res-detection-1": ("hotel", {"user", "frontend"}),
    "astronomy_shop_ad_service_failure-detection-1": ("astro", {"ad", "frontend"}),
    "astronomy_shop_ad_service_high_cpu-detection-1": ("astro", {"ad"}),
    "astronomy_shop_ad_service_manual_gc-detection-1": ("astro", {"ad"}),
    "astronomy_shop_cart_service_failure-detection-1": ("astro", {"cart", "frontend"}),
    "astronomy_shop_image_slow_load-detection-1": ("astro", {"frontend-proxy", "frontend", "image-provider"}),
    "astronomy_shop_kafka_queue_problems-detection-1": ("astro", {"kafka", "checkout", "fraud-detection"}),
    "astronomy_shop_loadgenerator_flood_homepage-detection-1": ("astro", {"frontend", "frontend-proxy"}),
    "astronomy_shop_payment_service_failure-detection-1": ("astro", {"payment", "checkout"}),
    "astronomy_shop_payment_service_unreachable-detection-1": ("astro", {"checkout", "payment"}),
    "astronomy_shop_product_catalog_service_failure-detection-1": ("astro", {"product-catalog", "frontend"}),
    "astronomy_shop_recommendation_service_cache_failure-detection-1": ("astro", {"recommendation"}),
}


@pytest.fixture(scope="module")
def noop_runs(tmp_path_factory):
    return {app: collect(pid, 0, tmp_path_factory.mktemp(app)) for app, pid in NOOP.items()}


@pytest.mark.parametrize("problem_id", sorted(CASES))
def test_fault_shows_beyond_noise(problem_id, noop_runs, tmp_path):
    app, services = CASES[problem_id]
    faulty = collect(problem_id, 0, tmp_path)
    seen = {s: effects(faulty, noop_runs[app], s) for s in sorted(services)}
    assert any(seen.values()), f"{problem_id}: no effect beyond noise at {sorted(services)}"


@pytest.mark.parametrize("app", sorted(NOOP))
def test_noop_shows_only_noise(app, noop_runs, tmp_path):
    other = collect(NOOP[app], 1, tmp_path)
    base = noop_runs[app]
    loud = {s: found for s in sorted(base.series | set(base.spans)) if (found := effects(other, base, s))}
    assert not loud, f"noop {app} (seed 1 vs 0) differs beyond noise: {loud}"
