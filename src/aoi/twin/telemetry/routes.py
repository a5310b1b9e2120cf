"""Which requests each app's workload sends, and what a call to each service costs.

A `RequestType` is one kind of request the load generator sends (wrk2's Lua mix for the
DeathStarBench apps, §5.6; the demo's locust tasks for AstronomyShop) with its weight and the
services it visits below the entry; the call edges come from the app's `AppSpec.call_edges`.
`Profile` holds a service's costs: own latency, CPU per request, idle CPU and memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

__all__ = ["AppRoutes", "Profile", "RequestType", "ROUTES", "profile"]


@dataclass(frozen=True)
class RequestType:
    operation: str  # the root span's operation name
    weight: float  # share of the entry's requests
    services: frozenset[str]  # every service the request may reach (edges are followed within it)


@dataclass(frozen=True)
class AppRoutes:
    entry: str
    types: tuple[RequestType, ...]
    sample_ratio: float  # Jaeger sampling probability of a root request
    trace_id_hex: int  # 16 for Jaeger Go/C++ clients, 32 for OpenTelemetry SDKs
    load_rate: float = 0.0  # steady requests/s from an in-cluster load generator (0: wrk2 bursts only)


def _t(operation: str, weight: float, *services: str) -> RequestType:
    return RequestType(operation, weight, frozenset(services))


_HOTEL_SEARCH = ("search", "geo", "rate", "mongodb-geo", "memcached-rate", "mongodb-rate")
_HOTEL_RESERVATION = ("reservation", "memcached-reserve", "mongodb-reservation")
_HOTEL_PROFILE = ("profile", "memcached-profile", "mongodb-profile")
_HOTEL_USER = ("user", "mongodb-user")
_SOCIAL = (
    "compose-post-service", "unique-id-service", "text-service", "user-service", "media-service",
    "post-storage-service", "user-timeline-service", "home-timeline-service", "url-shorten-service",
    "user-mention-service", "social-graph-service", "url-shorten-mongodb", "url-shorten-memcached",
    "user-memcached", "user-mongodb", "post-storage-mongodb", "post-storage-memcached",
    "user-timeline-mongodb", "user-timeline-redis", "home-timeline-redis", "social-graph-redis",
    "social-graph-mongodb",
)  # fmt: skip
_CHECKOUT = ("frontend", "checkout", "cart", "valkey-cart", "currency", "email", "payment", "product-catalog",
             "shipping", "quote", "kafka", "accounting", "fraud-detection")

ROUTES: dict[str, AppRoutes] = {
    # mixed-workload_type_1.lua: search 60 %, recommend 39 %, user login 0.5 %, reserve 0.5 %;
    # the app runs with JAEGER_SAMPLE_RATIO=1.
    "test-hotel-reservation": AppRoutes("frontend", (
        _t("HTTP GET /hotels", 0.6, *_HOTEL_SEARCH, *_HOTEL_RESERVATION, *_HOTEL_PROFILE),
        _t("HTTP GET /recommendations", 0.39, "recommendation", "mongodb-recommendation", *_HOTEL_PROFILE),
        _t("HTTP POST /user", 0.005, *_HOTEL_USER),
        _t("HTTP POST /reservation", 0.005, *_HOTEL_USER, *_HOTEL_RESERVATION),
    ), sample_ratio=1.0, trace_id_hex=16),
    # compose-post.lua; the chart's Jaeger sampler is probabilistic 0.01.
    "test-social-network": AppRoutes("nginx-thrift", (
        _t("/wrk2-api/post/compose", 1.0, *_SOCIAL),
    ), sample_ratio=0.01, trace_id_hex=16),
    # locustfile.py task weights; 10 users waiting 1-10 s between tasks (about 1.8 requests/s).
    "astronomy-shop": AppRoutes("frontend-proxy", (
        _t("GET /", 1, "frontend", "product-catalog", "currency"),
        _t("GET /api/products/{productId}", 10, "frontend", "product-catalog", "currency"),
        _t("GET /api/recommendations", 3, "frontend", "recommendation", "product-catalog", "currency"),
        _t("GET /api/data", 3, "frontend", "ad"),
        _t("GET /api/cart", 3, "frontend", "cart", "valkey-cart", "currency", "product-catalog"),
        _t("POST /api/cart", 2, "frontend", "cart", "valkey-cart", "product-catalog"),
        _t("POST /api/checkout", 2, *_CHECKOUT),
        _t("GET /images/{image}", 2, "image-provider"),
    ), sample_ratio=1.0, trace_id_hex=32, load_rate=1.8),
}


@dataclass(frozen=True)
class Profile:
    latency_ms: float  # own work per request
    cpu_ms: float  # CPU time per request
    idle_m: float  # millicores used with no traffic
    memory_mib: float  # resident memory at rest
    threads: int
    request_bytes: int  # bytes received per request (sent: about 1.5 times as many)


_KINDS = {
    "mongo": Profile(1.2, 0.6, 6, 95, 35, 600),
    "memcached": Profile(0.15, 0.05, 1, 4, 10, 300),
    "redis": Profile(0.15, 0.06, 2, 6, 5, 300),
    "valkey": Profile(0.15, 0.06, 2, 6, 5, 300),
    "kafka": Profile(2.0, 1.0, 25, 420, 70, 900),
    "ad": Profile(3.0, 2.5, 6, 260, 30, 500),
    "frontend-proxy": Profile(0.5, 0.4, 3, 30, 12, 900),
    "nginx-thrift": Profile(0.8, 0.6, 2, 14, 4, 1200),
}
_APP = Profile(1.5, 1.0, 2, 22, 12, 700)


@cache
def profile(service: str) -> Profile:
    for key, found in _KINDS.items():
        if key in service:
            return found
    return _APP
