"""Can a client inside the cluster reach ``<service>:<port>``? Answered from cluster state.

A connection succeeds when the Service exists, exposes the port, has a ready endpoint, and the
Service's targetPort is a port the selected pod's program really listens on. Each failure has
the reason a client would see: DNS ``no such host`` for a missing Service, ``connection refused``
for no endpoints or a targetPort nobody listens on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .base import ListenPorts, declared_ports

if TYPE_CHECKING:
    from ..cluster import Cluster

Reason = Literal["ok", "starting", "no-service", "no-port", "no-endpoints", "not-listening"]


@dataclass(frozen=True)
class Reach:
    reason: Reason

    @property
    def ok(self) -> bool:
        """Reachable now, or soon enough: clients like mgo keep dialling for ~10 s."""
        return self.reason in ("ok", "starting")


def reach(
    cluster: Cluster,
    namespace: str,
    service: str,
    port: int,
    listen_ports: ListenPorts = declared_ports,
) -> Reach:
    svc = cluster.find("Service", service, namespace)
    if svc is None:
        return Reach("no-service")
    svc_port = next((p for p in svc["spec"].get("ports") or [] if p.get("port") == port), None)
    if svc_port is None:
        return Reach("no-port")
    ready, starting = _backends(cluster, namespace, svc)
    target = svc_port.get("targetPort", port)

    def listens(pod: dict) -> bool:
        return any(_resolve(target, c) in listen_ports(cluster, pod, c) for c in pod["spec"]["containers"])

    if any(listens(pod) for pod in ready):
        return Reach("ok")
    if ready:
        return Reach("not-listening")
    if any(listens(pod) for pod in starting):
        return Reach("starting")
    return Reach("no-endpoints")


def _resolve(target: int | str, container: dict) -> int | None:
    """A Service targetPort: a number, or the name of a container port."""
    if isinstance(target, int):
        return target
    if target.isdigit():
        return int(target)
    return next((p["containerPort"] for p in container.get("ports") or [] if p.get("name") == target), None)


def _backends(cluster: Cluster, namespace: str, svc: dict) -> tuple[list[dict], list[dict]]:
    """Pods behind the Service: ready ones (from Endpoints when present) and ones still starting."""
    selector = svc["spec"].get("selector") or {}
    if not selector:
        return [], []
    pods = [p for p in cluster.list("Pod", namespace, selector) if not p["metadata"].get("deletionTimestamp")]
    endpoints = cluster.find("Endpoints", svc["metadata"]["name"], namespace)
    if endpoints is not None:
        names = {
            (addr.get("targetRef") or {}).get("name")
            for subset in endpoints.get("subsets") or []
            for addr in subset.get("addresses") or []
        }
        ready = [p for p in pods if p["metadata"]["name"] in names]
    else:
        ready = [p for p in pods if _pod_ready(p)]
    starting = [p for p in pods if p not in ready and _starting(p)]
    return ready, starting


def _pod_ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _starting(pod: dict) -> bool:
    """Bound to a node with every container either running or still being created."""
    if not pod["spec"].get("nodeName"):
        return False
    statuses = (pod.get("status") or {}).get("containerStatuses")
    if not statuses:
        return True
    for status in statuses:
        state = status.get("state") or {}
        waiting = state.get("waiting")
        if waiting is not None and waiting.get("reason") not in ("ContainerCreating", "PodInitializing"):
            return False
        if "terminated" in state:
            return False
    return True
