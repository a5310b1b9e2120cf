"""What the cluster is doing to each service now, read from its objects (never stored).

`read_conditions` answers, for one app namespace: whether each call edge connects (Service,
ready endpoints, targetPort vs the port the program listens on, via `apps.reach`), whether a
MongoDB refuses the app's client (role revoked, user dropped, TLS required), the Chaos Mesh
experiments and the time they ran (NetworkChaos loss/delay, PodChaos pause image), the flagd
flags flagd serves, and each pod's container runs (for counters, restarts and gaps).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..apps.flagd import FLAGS, flag_variant
from ..apps.reach import reach
from ..clock import parse_rfc3339

if TYPE_CHECKING:
    from ..apps.base import AppSpec
    from ..cluster import Cluster

__all__ = ["ChaosWindow", "Conditions", "PodRun", "read_conditions"]

# The credentials and database each HotelReservation service's mongo client uses.
_MONGO_CLIENT = {"mongodb-geo": ("admin", "geo-db"), "mongodb-rate": ("admin", "rate-db")}
_PAUSE = "pause"


@dataclass(frozen=True)
class ChaosWindow:
    """A Chaos Mesh experiment acting on ``pods`` from ``start`` to ``end`` (clock seconds)."""

    action: str  # "loss" | "delay" | "pod-failure" | "container-kill"
    start: float
    end: float
    pods: frozenset[str]
    value: float = 0.0  # loss fraction, or delay in seconds

    def active(self, t: float) -> bool:
        return self.start <= t < self.end


@dataclass(frozen=True)
class PodRun:
    """One pod's container runs: (start, end) intervals; end is inf for the running one."""

    name: str
    service: str
    node: str
    runs: tuple[tuple[float, float], ...]
    restarts: int
    cpu_limit_m: float
    paused: bool  # its image is Chaos Mesh's pause image


@dataclass
class Conditions:
    edge_reason: dict[tuple[str, str], str] = field(default_factory=dict)  # (caller, callee) -> reach reason
    store_error: dict[str, str] = field(default_factory=dict)  # mongo service -> why it refuses the app
    flags: dict[str, float] = field(default_factory=dict)  # flag -> value of the served variant
    flags_since: float = 0.0  # when flagd (re)loaded them
    chaos: list[ChaosWindow] = field(default_factory=list)
    pods: list[PodRun] = field(default_factory=list)

    def pods_of(self, service: str) -> list[PodRun]:
        return [p for p in self.pods if p.service == service]

    def chaos_on(self, service: str, t: float) -> list[ChaosWindow]:
        names = {p.name for p in self.pods_of(service)}
        return [w for w in self.chaos if w.active(t) and w.pods & names]


def read_conditions(cluster: Cluster, app: AppSpec) -> Conditions:
    ns = app.namespace
    out = Conditions()
    for edge in app.call_edges:
        out.edge_reason[(edge.caller, edge.callee)] = reach(cluster, ns, edge.callee, edge.port, app.listen_ports).reason
    for service in {e.callee for e in app.call_edges if e.protocol == "mongo"}:
        state = cluster.app_state.get(f"mongo/{ns}/{service}")
        if state is None:
            continue
        if getattr(state, "tls_mode", "disabled") == "requireTLS":
            out.store_error[service] = "connection reset: TLS required"
        client = _MONGO_CLIENT.get(service)
        if client and getattr(state, "auth_enabled", False):
            user, db = client
            if not state.authenticate(user, user):
                out.store_error[service] = "Authentication failed."
            elif not state.can_read_write(user, db):
                out.store_error[service] = f"not authorized on {db} to execute command"
    _read_flags(cluster, ns, out)
    _read_chaos(cluster, ns, out)
    for pod in cluster.list("Pod", ns):
        run = _pod_run(cluster, pod, app.log_label)
        if run is not None:
            out.pods.append(run)
    return out


def _read_flags(cluster: Cluster, ns: str, out: Conditions) -> None:
    cm = cluster.find("ConfigMap", "flagd-config", ns)
    if cm is None:
        return
    for flag, (_, variants) in FLAGS.items():
        value = variants.get(flag_variant(cm, flag), 0)
        numeric = float(value) if not isinstance(value, bool) else float(value)
        if numeric:
            out.flags[flag] = numeric
    flagd = [p for p in cluster.list("Pod", ns) if "flagd" in p["metadata"]["name"]]
    starts = [_started(s) for p in flagd for s in (p.get("status") or {}).get("containerStatuses") or ()]
    out.flags_since = max([s for s in starts if s is not None], default=0.0)


def _read_chaos(cluster: Cluster, ns: str, out: Conditions) -> None:
    for kind in ("NetworkChaos", "PodChaos"):
        for obj in cluster.list(kind, ns):
            spec, status = obj.get("spec") or {}, (obj.get("status") or {}).get("experiment") or {}
            start = parse_rfc3339(obj["metadata"]["creationTimestamp"])
            end = start + _seconds(spec.get("duration", ""))
            if status.get("desiredPhase") == "Stop":
                end = min(end, cluster.clock.now)
            pods = frozenset(r["id"].split("/", 1)[-1] for r in status.get("containerRecords") or ())
            action, value = spec.get("action", ""), 0.0
            if action == "loss":
                value = float((spec.get("loss") or {}).get("loss", "0")) / 100
            elif action == "delay":
                value = _seconds((spec.get("delay") or {}).get("latency", "0s"))
            out.chaos.append(ChaosWindow(action, start, end, pods, value))


def _seconds(text: str) -> float:
    units = (("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0))
    for suffix, scale in units:
        if text.endswith(suffix) and text[: -len(suffix)].replace(".", "", 1).isdigit():
            return float(text[: -len(suffix)]) * scale
    return math.inf


def _started(status: dict) -> float | None:
    running = (status.get("state") or {}).get("running") or {}
    return parse_rfc3339(running["startedAt"]) if running.get("startedAt") else None


def _pod_run(cluster: Cluster, pod: dict, label: str) -> PodRun | None:
    meta, spec = pod["metadata"], pod.get("spec") or {}
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    if not spec.get("nodeName") or not statuses:
        return None
    first = statuses[0]
    runs: list[tuple[float, float]] = []
    last = (first.get("lastState") or {}).get("terminated")
    if last and last.get("startedAt") and last.get("finishedAt"):
        runs.append((parse_rfc3339(last["startedAt"]), parse_rfc3339(last["finishedAt"])))
    started = _started(first)
    if started is not None:
        runs.append((started, math.inf))
    if not runs:
        return None
    limits = ((spec.get("containers") or [{}])[0].get("resources") or {}).get("limits") or {}
    cpu = str(limits.get("cpu", "2"))
    cpu_m = float(cpu[:-1]) if cpu.endswith("m") else float(cpu) * 1000
    service = (meta.get("labels") or {}).get(label) or meta["name"]
    paused = any(_PAUSE in c.get("image", "") for c in spec.get("containers") or ())
    return PodRun(meta["name"], service, spec["nodeName"], tuple(runs), int(first.get("restartCount", 0)),
                  cpu_m, paused)
