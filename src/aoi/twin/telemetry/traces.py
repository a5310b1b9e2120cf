"""Jaeger-style spans sampled from the flow model, as AIOpsLab's `get_traces` flattens them.

Requests are counted per 15 s bucket from the flow's rates (randomised rounding, seeded by
bucket), thinned by the app's sampling ratio, and each sampled request is walked down its call
graph with a per-trace seeded generator: a call fails fast (refused, DNS), times out (network
loss) or reaches the callee, whose span then carries its own and its callees' errors. Data
stores are not traced; their calls are client spans of the caller. Only sampled requests ever
become Python objects.
"""

from __future__ import annotations

import math
import random
from functools import cache
from typing import TYPE_CHECKING

from ..clock import EPOCH
from .flow import STEP, TIMEOUT_MS
from .noise import uniform
from .routes import profile

if TYPE_CHECKING:
    from ..apps.base import CallEdge
    from .flow import Flow
    from .routes import RequestType

__all__ = ["JAEGER_LIMIT", "sampled_traces"]

JAEGER_LIMIT = 100  # /api/traces returns at most this many traces per service by default
Span = tuple  # (trace_id, span_id, parent_span, service, operation, start_us, duration_us, has_error, response)
_UNTRACED = ("mongo", "memcached", "redis", "valkey", "kafka", "postgresql", "llm")
_OPS = {
    "search": "/search.Search/Nearby", "geo": "/geo.Geo/Nearby", "rate": "/rate.Rate/GetRates",
    "profile": "/profile.Profile/GetProfiles", "recommendation@test-hotel-reservation":
    "/recommendation.Recommendation/GetRecommendations", "user": "/user.User/CheckUser",
    "reservation": "/reservation.Reservation/CheckAvailability",
    "compose-post-service": "compose_post_server", "text-service": "compose_text_server",
    "user-service": "compose_creator_with_userid", "unique-id-service": "compose_unique_id_server",
    "media-service": "compose_media_server", "url-shorten-service": "compose_urls_server",
    "user-mention-service": "compose_user_mentions_server", "post-storage-service": "store_post_server",
    "user-timeline-service": "write_user_timeline_server", "home-timeline-service": "write_home_timeline_server",
    "social-graph-service": "get_followers_server",
    "ad": "oteldemo.AdService/GetAds", "cart": "oteldemo.CartService/GetCart",
    "checkout": "oteldemo.CheckoutService/PlaceOrder", "currency": "oteldemo.CurrencyService/Convert",
    "product-catalog": "oteldemo.ProductCatalogService/GetProduct",
    "recommendation": "oteldemo.RecommendationService/ListRecommendations",
    "shipping": "oteldemo.ShippingService/GetQuote", "quote": "POST /getquote",
    "email": "POST /send_order_confirmation", "payment": "oteldemo.PaymentService/Charge",
    "image-provider": "GET /images", "accounting": "orders receive", "fraud-detection": "orders receive",
}
_EPOCH_S = EPOCH.timestamp()
_HTTP = ("frontend", "frontend-proxy", "nginx-thrift", "image-provider", "email", "quote")


@cache
def _op(service: str, namespace: str) -> str:
    return _OPS.get(f"{service}@{namespace}") or _OPS.get(service) or f"{service} request"


class _Walk:
    def __init__(self, flow: Flow, rtype: RequestType, t: float, rng: random.Random, trace_id: str) -> None:
        self.flow, self.rtype, self.t, self.rng, self.trace_id = flow, rtype, t, rng, trace_id
        self.rows: list[Span] = []
        self.slow = 0.01 * flow.noise  # background slow requests
        self.http = flow.routes.trace_id_hex == 32 or flow.app.namespace == "test-hotel-reservation"

    def span_id(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def serve(self, service: str, parent: str, operation: str, start: int) -> tuple[int, bool]:
        """Emit ``service``'s span and its subtree; return (duration µs, failed)."""
        flow, rng = self.flow, self.rng
        own_err, own_ms = flow.own(service, self.rtype, self.t)
        sid, index = self.span_id(), len(self.rows)
        self.rows.append(())  # placeholder: the span is written once its children are known
        jitter = math.exp(0.35 * (rng.random() - 0.5) * (1 + flow.noise))
        if rng.random() < self.slow:
            jitter *= 3 + 10 * rng.random()
        cursor = start + int(own_ms * 500 * jitter)
        failed = rng.random() < own_err
        for edge in flow.children(service, self.rtype):
            took, bad = self.call(edge, sid, cursor)
            cursor += took + 20
            failed = failed or (bad and "memcached" not in edge.callee)
        duration = cursor - start + int(own_ms * 500 * jitter)
        response: object = "Unknown"
        if service in _HTTP and self.http:
            response = 500 if failed else 200
        self.rows[index] = (self.trace_id, sid, parent, service, operation, start, duration, failed, response)
        return duration, failed

    def call(self, edge: CallEdge, parent: str, start: int) -> tuple[int, bool]:
        flow, rng = self.flow, self.rng
        call = flow.call(edge, self.rtype, self.t)
        op = _op(edge.callee, flow.app.namespace)
        if call.connects == 0 or rng.random() >= call.network_ok:
            took = int(call.latency_ms * 1000) if call.connects == 0 else TIMEOUT_MS.get(edge.protocol, 30_000) * 1000
            self.rows.append((self.trace_id, self.span_id(), parent, edge.caller, op, start, took, True, "Unknown"))
            return took, True
        extra = int((call.latency_ms - flow.serve(edge.callee, self.rtype, self.t)[1]) * 1000) if call.error < 1 else 0
        if _untraced(edge.callee):
            took = int(profile(edge.callee).latency_ms * 1000 * math.exp(0.3 * rng.random())) + max(extra, 0)
            bad = edge.callee in flow.cond.store_error
            self.rows.append((self.trace_id, self.span_id(), parent, edge.caller, f"{edge.callee} query", start,
                              took, bad, "Unknown"))
            if edge.callee == "kafka":
                for consumer in ("accounting", "fraud-detection"):
                    lag = int(flow.flag("kafkaQueueProblems", self.t) * 50_000 * (1 + rng.random()))
                    self.serve(consumer, self.rows[-1][1], "orders receive", start + took + lag)
            return took, bad
        took, bad = self.serve(edge.callee, parent, op, start + 150 + max(extra, 0) // 2)
        return took + 300 + max(extra, 0), bad


def sampled_traces(flow: Flow, start: float, end: float, limit: int | None = None) -> list[list[Span]]:
    """Sampled traces whose root starts in [start, end], oldest first.

    With ``limit``, only what Jaeger's per-service query returns is guaranteed: every trace among
    the ``limit`` newest that touch some traced service. Buckets are walked newest first and a
    request type stops once every service it can reach has its quota, so an older trace of it
    could not be returned; the load generator of AstronomyShop never stops, and this keeps a long
    window from costing more than the quota. Without ``limit``, every sampled trace.
    """
    routes = flow.routes
    reach = {rtype: _reachable(flow, rtype) for rtype in routes.types}
    seen: dict[str, int] = {}
    active = set(routes.types)
    found: list[tuple[int, int, int, int, list[Span]]] = []
    first = int(start // STEP) * STEP
    for b in range(first + (int(end) - first) // STEP * STEP, first - 1, -STEP):
        fresh: list[list[Span]] = []
        for k, rtype in enumerate(routes.types):
            if rtype not in active:
                continue
            per_second = [flow.type_rate(rtype, b + s + 0.5) for s in range(STEP)]
            expected = sum(per_second) * routes.sample_ratio
            if expected <= 0:
                continue
            count = int(expected + uniform(flow.seed, "n", rtype.operation, b))
            for i in range(count):
                trace_int = int(uniform(flow.seed, "t", k, b, i) * 2**63) * 2 + 1
                rng = random.Random(trace_int)
                offset = _when(per_second, rng.random())
                t = b + offset
                if not start <= t <= end:
                    continue
                trace_id = f"{trace_int:016x}" if routes.trace_id_hex == 16 else f"{rng.getrandbits(128):032x}"
                walk = _Walk(flow, rtype, t, rng, trace_id)
                walk.serve(routes.entry, "ROOT", rtype.operation, int((_EPOCH_S + t) * 1_000_000))
                found.append((walk.rows[0][5], b, k, i, walk.rows))
                fresh.append(walk.rows)
        if limit is None:
            continue
        for rows in fresh:
            for service in {span[3] for span in rows}:
                seen[service] = seen.get(service, 0) + 1
        active = {r for r in active if any(seen.get(s, 0) < limit for s in reach[r])}
        if not active:
            break
    found.sort(key=lambda item: item[:4])  # generation order (bucket, type, index) breaks ties
    return [item[4] for item in found]


def _reachable(flow: Flow, rtype: RequestType) -> set[str]:
    """The traced services a request of ``rtype`` can put spans under."""
    out, todo = set(), [flow.routes.entry]
    while todo:
        service = todo.pop()
        if service in out:
            continue
        out.add(service)
        todo.extend(edge.callee for edge in flow.children(service, rtype))
    return {s for s in out if not _untraced(s)}


@cache
def _untraced(service: str) -> bool:
    """Data stores get no spans of their own: their calls are client spans of the caller."""
    return any(k in service for k in _UNTRACED)


def _when(per_second: list[float], u: float) -> float:
    """A moment in the bucket drawn in proportion to the rate at each second."""
    total = sum(per_second)
    acc = 0.0
    for s, rate in enumerate(per_second):
        acc += rate
        if u * total < acc:
            return s + (u * total - (acc - rate)) / rate
    return float(len(per_second) - 1)
