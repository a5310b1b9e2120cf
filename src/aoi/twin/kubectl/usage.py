"""Resource usage that ``kubectl top`` reports, until the telemetry model provides real figures.

Values are deterministic for a cluster seed and a container's identity, and plausible for the
small services these apps run (a few millicores, tens of MiB). Only running containers use
resources. Replace `container_usage` to feed ``top`` from a workload model.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["NODE_BASE", "container_usage", "node_usage", "running_containers"]

MiB = 2**20
# What the kubelet, containerd and system daemons of a kind node use before any pod runs.
NODE_BASE = (180, 900 * MiB)


def running_containers(pod: dict) -> list[str]:
    return [s["name"] for s in (pod.get("status") or {}).get("containerStatuses") or ()
            if "running" in (s.get("state") or {})]


def container_usage(cluster: Cluster, pod: dict, container: str) -> tuple[int, int]:
    """(millicores, bytes) one running container uses now."""
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
