"""AIOpsLab's wrk2 burst, as the client-side error lines it leaves in callers' logs.

After injecting a fault AIOpsLab runs wrk2 against the frontend (§5.6: 10 req/s for 5-10 s).
`run_workload` walks the app's call graph from the frontend: a caller receives ``rate x duration x
share`` requests on each edge; where the callee is unreachable (Service missing, no ready
endpoint, or a targetPort nobody listens on) it appends the caller's real error lines once per
failed request, and the requests stop there. Only RPC edges are modelled: DeathStarBench's
Thrift client pool and HotelReservation's frontend handlers (other Go callers return the gRPC
error to their caller without logging it). Deterministic: counts come from rate and duration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import logfmt
from .base import CallEdge
from .reach import reach

if TYPE_CHECKING:
    from ..cluster import Cluster

# DeathStarBench ClientPool names (the <client_type> in "Failed to connect <client_type>").
_CLIENT_TYPES = {
    ("compose-post-service", "post-storage-service"): "post-storage-client",
    ("compose-post-service", "user-timeline-service"): "user-timeline-client",
    ("home-timeline-service", "post-storage-service"): "post-storage-client",
    ("home-timeline-service", "social-graph-service"): "social-graph-client",
    ("text-service", "url-shorten-service"): "url-shorten-client",
    ("text-service", "user-mention-service"): "user-mention-client",
}
# Lines a handler adds when a downstream future rethrows (TextHandler.h).
_HANDLER_LINES = {
    ("text-service", "url-shorten-service"):
        ("TextHandler.h:138:ComposeText", "Failed to get shortened urls from url-shorten-service"),
    ("text-service", "user-mention-service"):
        ("TextHandler.h:146:ComposeText", "Failed to upload user mentions to user-mention-service"),
}
# HotelReservation frontend handlers that log a failed downstream call (services/frontend/server.go),
# with the share of workload requests that go through that handler: only searchHandler logs.
_SEARCH_SHARE = 0.6
_GO_HANDLER_LINES = {
    ("frontend", "reservation"): ("services/frontend/server.go:213", "SearchHandler CheckAvailability failed"),
    ("frontend", "profile"): ("services/frontend/server.go:227", "SearchHandler GetProfiles failed"),
}


def _thrift_lines(edge: CallEdge, reason: str, at: float) -> list[str]:
    host = f"<Host: {edge.callee} Port: {edge.port}>"
    if reason == "no-service":
        transport = logfmt.thrift_error(at, f"TSocket::open() getaddrinfo() {host}Name or service not known")
    else:
        transport = logfmt.thrift_error(at, f"TSocket::open() connect() {host}: Connection refused")
    client = _CLIENT_TYPES.get((edge.caller, edge.callee), f"{edge.callee}-client")
    lines = [transport, logfmt.boost(at, "error", "ClientPool.h:114:Pop", f"Failed to connect {client}")]
    extra = _HANDLER_LINES.get((edge.caller, edge.callee))
    if extra is not None:
        lines.append(logfmt.boost(at, "error", *extra))
    return lines


def _error_lines(edge: CallEdge, reason: str, at: float) -> list[str]:
    if edge.protocol == "thrift":
        return _thrift_lines(edge, reason, at)
    if edge.protocol == "grpc" and (edge.caller, edge.callee) in _GO_HANDLER_LINES:
        caller, message = _GO_HANDLER_LINES[(edge.caller, edge.callee)]
        return [logfmt.zerolog(at, "ERR", caller, message)]
    return []


def _running_pods(cluster: Cluster, namespace: str, caller: str) -> list[dict]:
    deploy = cluster.find("Deployment", caller, namespace)
    if deploy is None:
        return []
    selector = deploy["spec"]["selector"].get("matchLabels") or {}
    return [
        pod for pod in cluster.list("Pod", namespace, selector)
        if any("running" in (s.get("state") or {}) for s in (pod.get("status") or {}).get("containerStatuses") or [])
    ]


def run_workload(cluster: Cluster, namespace: str, *, rate: float | None = None,
                 duration: float | None = None) -> None:
    """Replay the wrk2 job for the app in ``namespace``; a no-op for apps without one."""
    from . import app_for_namespace

    app = app_for_namespace(namespace)
    if app is None or app.workload is None:
        return
    rate = app.workload.rate if rate is None else rate
    duration = app.workload.duration if duration is None else duration
    requests = int(round(rate * duration))
    # The telemetry flow model replays the burst from this record (aoi.twin.telemetry.flow).
    bursts = cluster.app_state.setdefault(f"workload/{namespace}", [])
    bursts.append((cluster.clock.now, rate, duration))  # type: ignore[union-attr]
    receiving = {app.frontend_service}
    for edge in app.call_edges:  # edges are listed callers-first, so reachability flows down the tree
        if edge.caller not in receiving:
            continue
        found = reach(cluster, namespace, edge.callee, edge.port, app.listen_ports)
        if found.reason == "ok":
            receiving.add(edge.callee)
            continue
        share = min(edge.share, _SEARCH_SHARE) if (edge.caller, edge.callee) in _GO_HANDLER_LINES else edge.share
        count = int(round(requests * share))
        pods = _running_pods(cluster, namespace, edge.caller)
        if not pods or count == 0:
            continue
        for index in range(count):
            pod = pods[index % len(pods)]
            at = cluster.clock.now + index / rate
            lines = _error_lines(edge, found.reason, at)
            if lines:
                container = pod["spec"]["containers"][0]["name"]
                cluster.logs.append(namespace, pod["metadata"]["name"], container, lines)
