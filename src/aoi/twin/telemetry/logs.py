"""Container logs as `kubectl logs` and `get_logs` read them: stored lines plus request-driven ones.

The `LogBook` keeps what a program printed on its own (startup, crashes, mongod's client lines).
What it prints because of traffic is generated here at read time for the container's run, from
the flow model (`Flow`): the requests each service serves and how its calls fail, per request
type, turned into lines by `apps.request_logs`. Counts are expectations rounded by a seeded draw
and times are spread inside each 15 s bucket, so a line depends only on (seed, pod, container,
bucket, source) and any stretch can be produced alone.

Cost stays bounded: time is cut into intervals where nothing the flow depends on changes (wrk2
bursts, the load generator, flagd reloads, Chaos Mesh windows); an interval whose service
writes nothing is skipped whole, and a ``tail`` is produced backwards, bucket by bucket, until
it has enough lines.
"""

from __future__ import annotations

import heapq
import math
from datetime import timedelta
from typing import TYPE_CHECKING

from ..apps import app_for_namespace
from ..apps.request_logs import EdgeFailures, Served, Source, periodic, sources
from ..clock import EPOCH, parse_rfc3339
from .flow import STEP, TIMEOUT_MS, Flow, flow_for
from .noise import uniform, uniforms

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["Entry", "log_text", "read_log", "stamp"]

Entry = tuple[float, str]
_CONSUMERS = ("accounting", "fraud-detection")
_CONNECT = ("connection", "dial tcp")


def read_log(cluster: Cluster, pod: dict, container: str, *, previous: bool = False,
             since: float | None = None, tail: int | None = None) -> list[Entry]:
    """The (time, line) entries of ``container`` in ``pod``, oldest first.

    ``previous`` reads the run before the current one; ``since`` keeps entries written at or
    after that clock time; ``tail`` keeps the last ``tail`` entries (None: all).
    """
    meta = pod["metadata"]
    stored = cluster.logs.entries(meta["namespace"], meta["name"], container, previous)
    gen = _Generator.for_pod(cluster, pod, container, previous)
    lo = -math.inf if since is None else since
    stored = [e for e in stored if e[0] >= lo]
    if gen is None:
        generated: list[Entry] = []
    elif tail is None:
        generated = gen.forward(lo)
    else:
        generated = gen.backward(lo, tail)
        if generated and len(generated) >= tail:
            cut = generated[0][0]
            stored = [e for e in stored if e[0] >= cut]
    merged = list(heapq.merge(stored, generated, key=lambda e: e[0]))
    if tail is not None:
        merged = merged[-tail:] if tail else []
    return merged


def log_text(entries: list[Entry], timestamps: bool = False) -> str:
    if timestamps:
        return "".join(f"{stamp(t)} {line}\n" for t, line in entries)
    return "".join(f"{line}\n" for _, line in entries)


def stamp(t: float) -> str:
    """The kubelet's RFC 3339 timestamp with nanoseconds (``--timestamps``)."""
    whole = math.floor(t)
    nanos = min(999_999_999, int(round((t - whole) * 1e9)))
    return (EPOCH + timedelta(seconds=whole)).strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos:09d}Z"


def _window(pod: dict, container: str, previous: bool, now: float) -> tuple[float, float] | None:
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    status = next((s for s in statuses if s.get("name") == container), None)
    running = ((status or {}).get("state") or {}).get("running") or {}
    if not running.get("startedAt"):
        return None  # a waiting or finished container serves nothing now
    if not previous:
        return parse_rfc3339(running["startedAt"]), now
    last = ((status or {}).get("lastState") or {}).get("terminated") or {}
    if last.get("startedAt") and last.get("finishedAt"):
        return parse_rfc3339(last["startedAt"]), parse_rfc3339(last["finishedAt"])
    return None


class _Generator:
    """Request-driven lines of one container over one run window."""

    def __init__(self, flow: Flow, pod: dict, container: str, service: str, window: tuple[float, float]) -> None:
        self.flow, self.service, self.container = flow, service, container
        self.pod = pod["metadata"]["name"]
        self.start, self.end = window
        # Whole buckets are drawn and then cut at ``end`` (now), so reading again later, or from a
        # ``since`` inside a bucket, shows the same lines as before plus the newer ones.
        self.draw_end = (math.floor(self.end / STEP) + 1) * STEP if math.isfinite(self.end) else self.end
        self.periodic = periodic(service, flow.noise)
        self.key = (flow.seed, flow.app.namespace, self.pod, container)

    @classmethod
    def for_pod(cls, cluster: Cluster, pod: dict, container: str, previous: bool) -> _Generator | None:
        namespace = pod["metadata"]["namespace"]
        app = app_for_namespace(namespace)
        containers = pod["spec"].get("containers") or []
        if app is None or not containers or containers[0]["name"] != container:
            return None  # sidecars and init containers write only what they printed themselves
        window = _window(pod, container, previous, cluster.clock.now)
        flow = flow_for(cluster, namespace) if window else None
        if flow is None or window is None:
            return None
        service = (pod["metadata"].get("labels") or {}).get(app.log_label) or pod["metadata"]["name"]
        return cls(flow, pod, container, service, window)

    # ---------------------------------------------------------- intervals
    def _intervals(self, lo: float) -> list[tuple[float, float]]:
        """Stretches of the drawn window (those ending after ``lo``) where the flow's regime is constant."""
        flow, start, end = self.flow, self.start, self.draw_end
        if max(start, lo) >= self.end:
            return []
        cuts = {start, end}
        for b0, _, duration in flow.bursts:
            cuts.update((b0, b0 + duration))
        for w in flow.cond.chaos:
            cuts.update((w.start, w.end))
        if flow.load_since is not None:
            cuts.add(flow.load_since)
        cuts.add(flow.cond.flags_since)
        points = sorted(c for c in cuts if start <= c <= end and math.isfinite(c))
        return [(a, b) for a, b in zip(points, points[1:], strict=False) if b > a and b > lo]

    def _sources(self, t: float) -> list[Source]:
        found = _cached_sources(self.flow, self.service, self.pod, t)
        return [s for s in found if s.rate > 0]

    # ------------------------------------------------------------ buckets
    def _bucket(self, a: float, b: float, bucket: int, srcs: list[Source]) -> list[Entry]:
        """Entries in [a, b) (inside one bucket and one interval), sorted."""
        out: list[Entry] = []
        length = b - a
        for src in srcs:
            expected = src.rate * length
            count = min(src.cap, int(expected + uniform(*self.key, bucket, a, src.key)))
            if count <= 0:
                continue
            spread = uniforms(count, *self.key, bucket, a, src.key, "t")
            for i in range(count):
                t = a + (i + spread[i]) * length / count
                out.extend((t, line) for line in src.make(t, bucket * 1000 + i))
        if self.periodic is not None:
            period, make = self.periodic
            k = math.ceil(a / period)
            while k * period < b:
                t = k * period + 0.121
                if t < b:
                    out.extend((t, line) for line in make(t, k))
                k += 1
        out.sort(key=lambda e: e[0])
        return out

    def _pieces(self, a: float, b: float):
        """(piece start, piece end, bucket) for the buckets of [a, b), oldest first."""
        bucket = int(a // STEP)
        while bucket * STEP < b:
            yield max(a, bucket * STEP), min(b, (bucket + 1) * STEP), bucket
            bucket += 1

    def _kept(self, entries: list[Entry], lo: float) -> list[Entry]:
        return [e for e in entries if lo <= e[0] < self.end]

    def forward(self, lo: float) -> list[Entry]:
        out: list[Entry] = []
        for a, b in self._intervals(lo):
            srcs = self._sources((a + b) / 2)
            if not srcs and self.periodic is None:
                continue
            for pa, pb, bucket in self._pieces(a, b):
                if pb > lo:
                    out.extend(self._kept(self._bucket(pa, pb, bucket, srcs), lo))
        return out

    def backward(self, lo: float, tail: int) -> list[Entry]:
        chunks: list[list[Entry]] = []
        have = 0
        for a, b in reversed(self._intervals(lo)):
            srcs = self._sources((a + b) / 2)
            if not srcs and self.periodic is None:
                continue
            for pa, pb, bucket in reversed(list(self._pieces(a, b))):
                if pb <= lo:
                    break
                entries = self._kept(self._bucket(pa, pb, bucket, srcs), lo)
                if entries:
                    chunks.append(entries)
                    have += len(entries)
                if have >= tail:
                    return [e for chunk in reversed(chunks) for e in chunk]
        return [e for chunk in reversed(chunks) for e in chunk]


# ------------------------------------------------------------------ what a service did
_CACHE: dict[str, object] = {"flow": None, "sources": {}}


def _cached_sources(flow: Flow, service: str, pod: str, t: float) -> list[Source]:
    if _CACHE["flow"] is not flow:
        _CACHE["flow"], _CACHE["sources"] = flow, {}
    memo: dict = _CACHE["sources"]  # type: ignore[assignment]
    key = (flow.regime(t), service, pod)
    found = memo.get(key)
    if found is None:
        found = memo[key] = sources(_served(flow, service, pod, t))
    return found


def _type_rates(flow: Flow, t: float) -> dict[str, list[tuple[object, float]]]:
    """Requests/s of each request type arriving at each service at ``t``."""
    out: dict[str, list[tuple[object, float]]] = {}

    def walk(service: str, rtype, rate: float) -> None:
        out.setdefault(service, []).append((rtype, rate))
        for edge in flow.children(service, rtype):
            delivered = rate * flow.call(edge, rtype, t).connects
            if delivered > 0:
                walk(edge.callee, rtype, delivered)

    for rtype in flow.routes.types:
        rate = flow.type_rate(rtype, t)
        if rate:
            walk(flow.routes.entry, rtype, rate)
    return out


def _replicas(flow: Flow, service: str, t: float) -> int:
    running = [p for p in flow.cond.pods_of(service) if any(s <= t < e for s, e in p.runs)]
    return max(1, len(running))


def _served(flow: Flow, service: str, pod: str, t: float) -> Served:
    flags = {name: flow.flag(name, t) for name in flow.cond.flags}
    served = Served(flow.app.namespace, service, flow.noise, {k: v for k, v in flags.items() if v})
    share = 1 / _replicas(flow, service, t)
    for rtype, rate in _type_rates(flow, t).get(service, ()):
        r = rate * share
        op = rtype.operation  # type: ignore[attr-defined]
        served.requests[op] = served.requests.get(op, 0.0) + r
        err, _ = flow.own(service, rtype, t)  # type: ignore[arg-type]
        if err:
            served.failed[op] = served.failed.get(op, 0.0) + r * err
        for edge in flow.children(service, rtype):  # type: ignore[arg-type]
            call = flow.call(edge, rtype, t)  # type: ignore[arg-type]
            if not call.error:
                continue
            if call.reason.startswith(_CONNECT):
                served.calls.append(EdgeFailures(edge, op, r * call.error, 0.0, 0.0, call.reason))
            elif call.latency_ms >= TIMEOUT_MS.get(edge.protocol, 30_000):
                served.calls.append(EdgeFailures(edge, op, 0.0, r, 0.0, call.reason))
            else:
                lost = 1 - call.network_ok
                served.calls.append(EdgeFailures(edge, op, 0.0, r * lost, r * max(0.0, call.error - lost),
                                                 call.reason))
    if service in _CONSUMERS:
        served.messages = sum(served.requests.values()) + 0.5 * served.flags.get("kafkaQueueProblems", 0.0) * share
    return served
