"""The request-flow model: per 15 s bucket, how many requests reach each service and how they end.

`Flow` walks each request type of the app (`routes.ROUTES`) down its call graph
(`AppSpec.call_edges`) under the current `Conditions`: a call to an unreachable Service, a
refusing MongoDB or a paused pod fails fast; NetworkChaos loss makes calls time out, delay adds
its latency (on the victim's calls in and out); flagd flags add errors, latency and load. Failures
propagate to callers (caches excepted: a memcached miss falls back to the database), latency
adds up along the path. Everything is an expectation per bucket; traces sample it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .conditions import Conditions, read_conditions
from .noise import noise_level
from .routes import ROUTES, AppRoutes, RequestType, profile

if TYPE_CHECKING:
    from ..apps.base import AppSpec, CallEdge
    from ..cluster import Cluster

__all__ = ["STEP", "TIMEOUT_MS", "Call", "Flow", "flow_for", "workload_key"]

STEP = 15  # Prometheus scrape step AIOpsLab queries at
# Client timeouts (ms) per protocol: Thrift ClientPool, gRPC without deadline (wrk2 gives up),
# HTTP clients, mongo-go-driver server selection, redis/memcached clients.
TIMEOUT_MS = {"thrift": 10_000, "grpc": 30_000, "http": 30_000, "mongo": 30_000, "redis": 5_000,
               "memcached": 1_000}
_FAST_FAIL_MS = {"no-service": 4.0, "no-port": 1.0, "no-endpoints": 1.0, "not-listening": 1.0, "starting": 1.0}
_OPTIONAL = ("memcached",)
_CONSUMERS = ("accounting", "fraud-detection")  # Kafka consumers: asynchronous, off the request path  # a failed cache lookup falls back to the database


def workload_key(namespace: str) -> str:
    """Where `apps.workload.run_workload` records its bursts: a list of (start, rate, duration)."""
    return f"workload/{namespace}"


@dataclass(frozen=True)
class Call:
    """One caller -> callee hop as the caller sees it."""

    error: float  # probability the call fails
    latency_ms: float  # expected time the caller waits
    connects: float  # share of calls that reach the callee
    reason: str = ""  # why it fails, for span tags
    network_ok: float = 1.0  # probability the network carries the call there and back


class Flow:
    """The flow model of one app namespace at the cluster's current state."""

    def __init__(self, cluster: Cluster, app: AppSpec, routes: AppRoutes) -> None:
        self.cluster, self.app, self.routes = cluster, app, routes
        self.seed = cluster.seed
        self.noise = noise_level(cluster)
        self.cond: Conditions = read_conditions(cluster, app)
        self.edges: dict[str, list[CallEdge]] = {}
        for edge in app.call_edges:
            if edge.caller == "load-generator":
                continue
            if edge.callee == "kafka" and edge.caller in _CONSUMERS:  # consumers poll; orders flow to them
                edge = replace(edge, caller="kafka", callee=edge.caller)
            self.edges.setdefault(edge.caller, []).append(edge)
        self.bursts = [tuple(b) for b in cluster.app_state.get(workload_key(app.namespace), ())]  # type: ignore[union-attr]
        gen = [r for p in self.cond.pods_of("load-generator") for r in p.runs]
        self.load_since = min((s for s, _ in gen), default=None)
        self._memo: dict[tuple, Call] = {}
        self._children: dict[tuple[str, RequestType], list[CallEdge]] = {}
        self._weights = sum(r.weight for r in routes.types)
        self._arrivals: dict[tuple, dict[str, float]] = {}

    # ------------------------------------------------------------- traffic
    def flag(self, name: str, t: float) -> float:
        return self.cond.flags.get(name, 0.0) if t >= self.cond.flags_since else 0.0

    def type_rate(self, rtype: RequestType, t: float) -> float:
        """Requests/s of ``rtype`` entering the app at ``t``."""
        total = self._weights
        rate = 0.0
        for start, rps, duration in self.bursts:
            if start <= t < start + duration:
                rate += rps
        if self.routes.load_rate and self.load_since is not None and t >= self.load_since:
            rate += self.routes.load_rate
        rate *= rtype.weight / total
        if rtype.operation == "GET /" and rate:
            rate += 0.25 * self.flag("loadGeneratorFloodHomepage", t)  # locust's flood task
        return rate

    def regime(self, t: float) -> tuple:
        """What traffic depends on at ``t``; equal regimes have equal `arrivals`."""
        return (
            tuple(b for b in self.bursts if b[0] <= t < b[0] + b[2]),
            self.load_since is not None and t >= self.load_since,
            t >= self.cond.flags_since,
            tuple(i for i, w in enumerate(self.cond.chaos) if w.active(t)),
        )

    def arrivals(self, t: float) -> dict[str, float]:
        """Requests/s arriving at each service at ``t`` (the entry included)."""
        key = self.regime(t)
        found = self._arrivals.get(key)
        if found is None:
            found = self._arrivals[key] = self._arrivals_at(t)
        return found

    def _arrivals_at(self, t: float) -> dict[str, float]:
        out: dict[str, float] = {}
        for rtype in self.routes.types:
            rate = self.type_rate(rtype, t)
            if rate:
                out[self.routes.entry] = out.get(self.routes.entry, 0.0) + rate
                self._spread(self.routes.entry, rtype, t, rate, out)
        if self.flag("kafkaQueueProblems", t) and "kafka" in out:
            out["kafka"] += self.flag("kafkaQueueProblems", t) * 0.5  # the flag's extra message storm
        return out

    def _spread(self, service: str, rtype: RequestType, t: float, rate: float, out: dict[str, float]) -> None:
        for edge in self.children(service, rtype):
            delivered = rate * self.call(edge, rtype, t).connects
            if delivered > 0:
                out[edge.callee] = out.get(edge.callee, 0.0) + delivered
                self._spread(edge.callee, rtype, t, delivered, out)

    def children(self, service: str, rtype: RequestType) -> list[CallEdge]:
        found = self._children.get((service, rtype))
        if found is None:
            found = self._children[(service, rtype)] = [
                e for e in self.edges.get(service, ()) if e.callee in rtype.services
            ]
        return found

    # ------------------------------------------------------------ outcomes
    def serve(self, service: str, rtype: RequestType, t: float) -> tuple[float, float]:
        """(error probability, latency ms) of ``service`` handling one ``rtype`` request."""
        err, lat = self.own(service, rtype, t)
        if service == "kafka":
            return err, lat  # the producer does not wait for consumers
        for edge in self.children(service, rtype):
            call = self.call(edge, rtype, t)
            lat += call.latency_ms
            if not any(k in edge.callee for k in _OPTIONAL):
                err = 1 - (1 - err) * (1 - call.error)
        return err, lat

    def own(self, service: str, rtype: RequestType, t: float) -> tuple[float, float]:
        """The service's own error probability and latency, before its calls."""
        lat, err = profile(service).latency_ms, 0.0
        if service == "ad":
            err = 0.1 if self.flag("adFailure", t) else 0.0  # one GetAds in ten throws UNAVAILABLE
            lat *= 4.0 if self.flag("adHighCpu", t) else 1.0
            lat += 120.0 if self.flag("adManualGc", t) else 0.0  # stop-the-world full GCs
        elif service == "cart" and self.flag("cartFailure", t) and rtype.operation != "GET /api/cart":
            err = 1.0  # EmptyCart/AddItem hit the bad cart store
        elif service == "payment":
            err = min(1.0, self.flag("paymentFailure", t))
        elif service == "product-catalog" and self.flag("productCatalogFailure", t):
            err = 0.1  # GetProduct fails for one product id of the ten
        elif service == "recommendation" and self.flag("recommendationCacheFailure", t):
            lat += 0.2 * max(0.0, t - self.cond.flags_since)  # the leaking cache gets slower to scan
        elif service == "checkout" and self.flag("kafkaQueueProblems", t):
            lat += 40.0
        return err, lat

    def call(self, edge: CallEdge, rtype: RequestType, t: float) -> Call:
        key = (edge.caller, edge.callee, rtype.operation, int(t // STEP))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._call(edge, rtype, t)
        return found

    def _call(self, edge: CallEdge, rtype: RequestType, t: float) -> Call:
        timeout = TIMEOUT_MS.get(edge.protocol, 30_000)
        reason = self.cond.edge_reason.get((edge.caller, edge.callee), "ok")
        if edge.caller == "checkout" and edge.callee == "payment" and self.flag("paymentUnreachable", t):
            return Call(1.0, _FAST_FAIL_MS["no-service"], 0.0, "dial tcp: lookup badAddress: no such host")
        if reason not in ("ok",):
            return Call(1.0, _FAST_FAIL_MS.get(reason, 1.0), 0.0, f"connection error: {reason}")
        pods = self.cond.pods_of(edge.callee)
        if pods and all(p.paused for p in pods):
            return Call(1.0, 1.0, 0.0, "connection refused")
        err, lat = self.serve(edge.callee, rtype, t)
        if edge.callee in self.cond.store_error:
            err = 1.0
        lat += 0.3  # one hop on the pod network
        if edge.caller == "frontend-proxy" and edge.callee == "image-provider":
            lat += self.flag("imageSlowLoad", t)  # the flag's value is the delay in ms
        ok_net, connects = 1.0, 1.0
        for window in (*self.cond.chaos_on(edge.callee, t), *self.cond.chaos_on(edge.caller, t)):
            if window.action == "loss":
                ok_net *= (1 - window.value) ** 3  # SYN, request and response must all get through
                connects *= 1 - window.value
            elif window.action == "delay":
                lat += window.value * 1000
        if lat >= timeout:
            return Call(1.0, timeout, connects, "context deadline exceeded")
        error = 1 - (1 - err) * ok_net
        return Call(error, ok_net * lat + (1 - ok_net) * timeout, connects, "context deadline exceeded", ok_net)


_LAST: dict[int, tuple[tuple, Flow]] = {}


def flow_for(cluster: Cluster, namespace: str) -> Flow | None:
    """The flow model of ``namespace`` now, or None for namespaces without an app.

    One model is kept per cluster and namespace until the cluster changes (virtual time or
    resource version), so ``kubectl top`` and the exporters share it.
    """
    from ..apps import app_for_namespace

    app = app_for_namespace(namespace)
    routes = ROUTES.get(namespace)
    if app is None or routes is None:
        return None
    stamp = (namespace, cluster.clock.now, cluster._resource_version, _mongo_fingerprint(cluster, namespace),
             cluster.app_state.get("noise"))
    held = _LAST.get(id(cluster))
    if held is not None and held[0] == stamp and held[1].cluster is cluster:
        return held[1]
    flow = Flow(cluster, app, routes)
    if len(_LAST) > 16:
        _LAST.clear()
    _LAST[id(cluster)] = (stamp, flow)
    return flow


def _mongo_fingerprint(cluster: Cluster, namespace: str) -> tuple:
    """MongoDB users and modes change through the mongo shell without a resource version."""
    prefix = f"mongo/{namespace}/"
    out = []
    for key, state in cluster.app_state.items():
        if key.startswith(prefix):
            users = getattr(state, "users", {})
            out.append((key, getattr(state, "tls_mode", ""), getattr(state, "auth_enabled", False),
                        tuple((k, u.password, tuple(u.roles)) for k, u in users.items())))
    return tuple(out)
