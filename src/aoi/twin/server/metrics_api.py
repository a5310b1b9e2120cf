"""``metrics.k8s.io/v1beta1``, the metrics-server API real ``kubectl top`` reads, from the emulator's figures.

NodeMetrics and PodMetrics (and their lists) are built from `kubectl.usage`, the numbers the
emulator's ``kubectl top`` prints, in units chosen so that real kubectl prints the same: kubectl
formats CPU as ``Quantity.MilliValue()`` (which rounds up) in ``m`` and memory as
``Value() / 2**20`` in ``Mi``, so CPU goes out as the nanocores of whole millicores (``"12000000n"``,
as metrics-server writes it) and memory as bytes in ``Ki`` (working sets are whole pages). Only pods
with a running container have metrics, as only those are scraped; a pod without is NotFound,
with metrics-server's Status texts. Real ``kubectl top nodes`` also GETs the Node objects from the
core API for its percentages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import BaseRoute, Route

from ..clock import rfc3339
from ..kubectl.args import KubectlError
from ..kubectl.selectors import parse_field_selector, parse_label_selector
from ..kubectl.usage import container_usage, node_usage, running_containers
from .status import status_object
from .telemetry_api import json_endpoint

if TYPE_CHECKING:
    from starlette.datastructures import ImmutableMultiDict

    from ..cluster import Cluster
    from .session import ServedTwin

__all__ = ["GROUP", "GROUP_VERSION", "MetricsAPI", "metrics_routes"]

GROUP = "metrics.k8s.io"
GROUP_VERSION = f"{GROUP}/v1beta1"
PREFIX = f"/apis/{GROUP_VERSION}"
WINDOW = "20s"  # metrics-server's resolution: usage is the rate over the last two scrapes
Answer = tuple[int, dict]


class _Refused(Exception):
    """Ends a handler early with the answer (a Status) the server gives instead."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer


def _not_found(kind: str, name: str) -> _Refused:
    message = f'{kind}.{GROUP} "{name}" not found'
    return _Refused((404, status_object("Failure", message, "NotFound", {"name": name, "group": GROUP, "kind": kind},
                                        404)))


def _usage(cpu_m: int, memory: int) -> dict[str, str]:
    cpu = f"{cpu_m * 1_000_000}n" if cpu_m else "0"
    return {"cpu": cpu, "memory": f"{memory // 1024}Ki" if memory % 1024 == 0 else str(memory)}


def _metadata(obj: dict, now: str) -> dict:
    meta = obj["metadata"]
    out = {"name": meta["name"]}
    if meta.get("namespace"):
        out["namespace"] = meta["namespace"]
    out["creationTimestamp"] = now
    if meta.get("labels"):
        out["labels"] = dict(meta["labels"])
    return out


class MetricsAPI:
    """The handlers of one served twin; they read ``twin.cluster`` under the caller's lock."""

    def __init__(self, twin: ServedTwin) -> None:
        self.twin = twin

    def nodes(self, params: ImmutableMultiDict) -> Answer:
        return self._list("NodeMetricsList", lambda cluster: self._node_items(cluster, params))

    def node(self, params: ImmutableMultiDict) -> Answer:
        def one(cluster: Cluster) -> dict:
            node = cluster.find("Node", params["name"])
            if node is None:
                raise _not_found("nodemetrics", params["name"])
            return self._node_metrics(cluster, node)

        return self._one("NodeMetrics", one)

    def pods(self, params: ImmutableMultiDict) -> Answer:
        return self._list("PodMetricsList", lambda cluster: self._pod_items(cluster, params))

    def pod(self, params: ImmutableMultiDict) -> Answer:
        def one(cluster: Cluster) -> dict:
            namespace, name = params["namespace"], params["name"]
            pod = cluster.find("Pod", name, namespace)
            found = self._pod_metrics(cluster, pod) if pod is not None else None
            if found is None:
                raise _not_found("podmetrics", f"{namespace}/{name}")
            return found

        return self._one("PodMetrics", one)

    # -- objects
    def _now(self) -> str:
        return rfc3339(self.twin.cluster.clock.now)

    def _node_metrics(self, cluster: Cluster, node: dict) -> dict:
        now = self._now()
        usage = _usage(*node_usage(cluster, node["metadata"]["name"]))
        return {"metadata": _metadata(node, now), "timestamp": now, "window": WINDOW, "usage": usage}

    def _pod_metrics(self, cluster: Cluster, pod: dict) -> dict | None:
        running = running_containers(pod)
        if not running:
            return None
        now = self._now()
        containers = [{"name": c, "usage": _usage(*container_usage(cluster, pod, c))} for c in running]
        return {"metadata": _metadata(pod, now), "timestamp": now, "window": WINDOW, "containers": containers}

    def _node_items(self, cluster: Cluster, params: ImmutableMultiDict) -> list[dict]:
        labels = _selector(params)
        return [self._node_metrics(cluster, node) for node in cluster.list("Node")
                if labels is None or labels.matches(node["metadata"].get("labels"))]

    def _pod_items(self, cluster: Cluster, params: ImmutableMultiDict) -> list[dict]:
        labels = _selector(params)
        try:
            fields = parse_field_selector(params.get("fieldSelector"))
        except KubectlError as err:
            raise _bad_request(str(err)) from None
        items = []
        for pod in cluster.list("Pod", params.get("namespace")):
            if labels is not None and not labels.matches(pod["metadata"].get("labels")):
                continue
            if fields is not None and not fields.matches(pod):
                continue
            found = self._pod_metrics(cluster, pod)
            if found is not None:
                items.append(found)
        return items

    # -- envelopes
    def _list(self, kind: str, items) -> Answer:
        try:
            found = items(self.twin.cluster)
        except _Refused as refused:
            return refused.answer
        return 200, {"kind": kind, "apiVersion": GROUP_VERSION, "metadata": {}, "items": found}

    def _one(self, kind: str, build) -> Answer:
        try:
            return 200, {"kind": kind, "apiVersion": GROUP_VERSION, **build(self.twin.cluster)}
        except _Refused as refused:
            return refused.answer


def _bad_request(message: str) -> _Refused:
    return _Refused((400, status_object("Failure", message.removeprefix("error: "), "BadRequest", code=400)))


def _selector(params: ImmutableMultiDict):
    try:
        return parse_label_selector(params.get("labelSelector"))
    except KubectlError as err:
        raise _bad_request(str(err)) from None


def metrics_routes(twin: ServedTwin) -> list[BaseRoute]:
    """The metrics.k8s.io/v1beta1 routes for ``twin`` (discovery.py lists the group and its resources)."""
    api = MetricsAPI(twin)
    return [
        Route(f"{PREFIX}/nodes", json_endpoint(twin, api.nodes)),
        Route(f"{PREFIX}/nodes/{{name}}", json_endpoint(twin, api.node)),
        Route(f"{PREFIX}/pods", json_endpoint(twin, api.pods)),
        Route(f"{PREFIX}/namespaces/{{namespace}}/pods", json_endpoint(twin, api.pods)),
        Route(f"{PREFIX}/namespaces/{{namespace}}/pods/{{name}}", json_endpoint(twin, api.pod)),
    ]
