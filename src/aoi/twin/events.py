"""Kubernetes Events: recorded by controllers, deduplicated the way the event broadcaster does.

A repeat of the same (object, reason, message) bumps ``count`` and ``lastTimestamp`` of the
existing Event instead of creating another, which is what makes ``(x5 over 2m)`` in describe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .naming import event_suffix

if TYPE_CHECKING:
    from .cluster import Cluster


class EventRecorder:
    """Holds the dedup index only; the cluster is passed in, so the two form no reference cycle."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, str, str], tuple[str, str]] = {}  # (uid, reason, message) -> (ns, name)
        self._last_ns = 0  # the Unix nanoseconds the newest event's name encodes

    def record(self, cluster: Cluster, obj: dict, type_: str, reason: str, message: str, component: str) -> None:
        meta = obj["metadata"]
        namespace = meta.get("namespace") or "default"
        if cluster.store.get("Namespace", namespace) is None:
            return
        now = cluster.clock.rfc3339()
        key = (meta.get("uid", ""), reason, message)
        existing = self._index.get(key)
        if existing:
            event = cluster.store.get("Event", existing[1], existing[0])
            if event is not None:
                event["count"] += 1
                event["lastTimestamp"] = now
                cluster.write_status(event)
                return
        host = (obj.get("spec") or {}).get("nodeName") if component == "kubelet" else None
        suffix, self._last_ns = event_suffix(cluster.rng, cluster.clock.now, self._last_ns)
        event = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": f"{meta['name']}.{suffix}", "namespace": namespace},
            "involvedObject": {
                "apiVersion": obj.get("apiVersion", "v1"),
                "kind": obj["kind"],
                "name": meta["name"],
                "namespace": meta.get("namespace"),
                "resourceVersion": meta.get("resourceVersion"),
                "uid": meta.get("uid"),
            },
            "reason": reason,
            "message": message,
            "source": {"component": component, **({"host": host} if host else {})},
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": type_,
            "eventTime": None,
            "reportingComponent": component,
            "reportingInstance": host or "",
        }
        if event["involvedObject"]["namespace"] is None:
            del event["involvedObject"]["namespace"]
        created = cluster.create(event)
        self._index[key] = (namespace, created["metadata"]["name"])
