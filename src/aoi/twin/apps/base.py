"""`AppSpec`: what the twin knows about one deployed application, and its call graph.

An app module builds one `AppSpec`: where it lives, how AIOpsLab finds its pods (`log_label`),
a function returning its manifests in apply order (fresh dicts every call, so callers may
mutate them), the caller -> callee edges its workload exercises, and the container behaviours
of its images.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..runtime import Behaviour

if TYPE_CHECKING:
    from ..cluster import Cluster

Protocol = Literal["thrift", "grpc", "http", "mongo", "redis", "memcached"]


@dataclass(frozen=True)
class CallEdge:
    """``caller`` (a Deployment) dials ``callee`` (a Service) on ``port``.

    ``share`` is the fraction of workload requests that cross this edge (1.0: every request).
    """

    caller: str
    callee: str
    port: int
    protocol: Protocol
    share: float = 1.0


@dataclass(frozen=True)
class Workload:
    """AIOpsLab's wrk2 job for the app (§5.6): requests per second for ``duration`` seconds."""

    rate: float
    duration: float
    path: str


def declared_ports(cluster: Cluster, pod: dict, container: dict) -> set[int]:
    """The ports a container listens on: where its manifest says, unless its program is stuck
    before serving (a behaviour marks that with `set_serving`)."""
    if not is_serving(cluster, pod, container):
        return set()
    return {p["containerPort"] for p in container.get("ports") or [] if "containerPort" in p}


ListenPorts = Callable[["Cluster", dict, dict], set[int]]


def _serving_key(pod: dict, container: dict) -> str:
    meta = pod["metadata"]
    return f"serving/{meta['namespace']}/{meta['name']}/{container['name']}"


def set_serving(cluster: Cluster, pod: dict, container: dict, serving: bool) -> None:
    """Record whether a started container's program got as far as opening its server port."""
    cluster.app_state[_serving_key(pod, container)] = serving


def is_serving(cluster: Cluster, pod: dict, container: dict) -> bool:
    return cluster.app_state.get(_serving_key(pod, container), True) is not False


@dataclass(frozen=True)
class AppSpec:
    name: str  # AIOpsLab's name, e.g. "HotelReservation"
    namespace: str
    description: str
    frontend_service: str
    frontend_port: int
    log_label: str  # the pod label AIOpsLab's get_logs selects by
    manifests: Callable[[], list[dict]]
    call_edges: tuple[CallEdge, ...] = ()
    behaviours: Mapping[str, Behaviour] = field(default_factory=dict)
    workload: Workload | None = None
    # Which ports a container really listens on; the program may ignore its containerPort.
    listen_ports: ListenPorts = declared_ports

    def deployments(self) -> list[str]:
        return [m["metadata"]["name"] for m in self.manifests() if m["kind"] == "Deployment"]

    def services(self) -> list[str]:
        return [m["metadata"]["name"] for m in self.manifests() if m["kind"] == "Service"]
