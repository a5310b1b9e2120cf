"""Resource usage that ``kubectl top`` reports.

Pods of an app namespace get their figures from the telemetry model (`aoi.twin.telemetry`), the
same one `get_metrics` exports: the first container carries the pod's modelled usage. Other
containers and infrastructure pods use deterministic, plausible figures for the cluster seed
and the container's identity (a few millicores, tens of MiB). Only running containers use
resources.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["NODE_BASE", "container_usage", "node_usage", "running_containers"]

MiB = 2**20
PAGE = 4096  # the kernel accounts memory in pages, so working sets are whole pages (metrics-server: Ki)
# What the kubelet, containerd and system daemons of a kind node use before any pod runs.
NODE_BASE = (180, 900 * MiB)


def running_containers(pod: dict) -> list[str]:
    return [s["name"] for s in (pod.get("status") or {}).get("containerStatuses") or ()
            if "running" in (s.get("state") or {})]


def container_usage(cluster: Cluster, pod: dict, container: str) -> tuple[int, int]:
    """(millicores, bytes) one running container uses now."""
    modelled = _modelled(cluster, pod, container)
    if modelled is not None:
        return modelled
    meta = pod["metadata"]
    key = f"{cluster.seed}/{meta['namespace']}/{meta.get('labels', {}).get('pod-template-hash', '')}/" \
          f"{meta['name']}/{container}"
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    cpu = 1 + digest[0] % 12
    memory = (6 + digest[1] % 40) * MiB + digest[2] * 4096
    image = next((c.get("image", "") for c in pod["spec"].get("containers") or () if c["name"] == container), "")
    if "mongo" in image:
        cpu, memory = cpu + 8, memory + 60 * MiB
    return cpu, memory


def node_usage(cluster: Cluster, node: str) -> tuple[int, int]:
    cpu, memory = NODE_BASE
    for pod in cluster.list("Pod"):
        if pod["spec"].get("nodeName") != node:
            continue
        for container in running_containers(pod):
            c, m = container_usage(cluster, pod, container)
            cpu, memory = cpu + c, memory + m
    return cpu, memory


def _modelled(cluster: Cluster, pod: dict, container: str) -> tuple[int, int] | None:
    from ..telemetry.flow import flow_for
    from ..telemetry.metrics import usage_now

    containers = pod["spec"].get("containers") or ()
    if not containers or containers[0]["name"] != container:
        return None
    flow = flow_for(cluster, pod["metadata"]["namespace"])
    if flow is None:
        return None
    run = next((p for p in flow.cond.pods if p.name == pod["metadata"]["name"]), None)
    if run is None:
        return None
    peers = sum(1 for p in flow.cond.pods if p.service == run.service)
    cpu, memory = usage_now(flow, run, peers)
    return cpu, memory // PAGE * PAGE
