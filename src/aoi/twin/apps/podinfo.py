"""Facts about a starting pod that behaviours print: its IP, hostname, Services, stable ids.

Ids a real process draws at random (a consul registration UUID, a MAC address) are derived from
the pod's uid and restart count instead, so logs are reproducible and change on each restart.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING

from ..store import matches_selector

if TYPE_CHECKING:
    from ..cluster import Cluster
    from ..runtime import StartContext


def digest(*parts: object) -> bytes:
    return hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()


def stable_uuid(ctx: StartContext, purpose: str) -> str:
    return str(uuid.UUID(bytes=digest(ctx.pod["metadata"].get("uid"), ctx.restart_count, purpose)[:16], version=4))


def pod_ip(pod: dict) -> str:
    ip = (pod.get("status") or {}).get("podIP")
    if ip:
        return ip
    raw = digest(pod["metadata"].get("uid"), "ip")
    return f"10.244.1.{raw[0] % 250 + 2}"


def hostname(pod: dict) -> str:
    return pod["spec"].get("hostname") or pod["metadata"]["name"]


def services_of(cluster: Cluster, pod: dict) -> list[str]:
    """Names of the Services in the pod's namespace whose selector picks this pod."""
    labels = pod["metadata"].get("labels") or {}
    return [
        svc["metadata"]["name"]
        for svc in cluster.list("Service", pod["metadata"]["namespace"])
        if svc["spec"].get("selector") and matches_selector(labels, svc["spec"]["selector"])
    ]


def mounted_file(cluster: Cluster, pod: dict, container: dict, path: str) -> str | None:
    """The text of a ConfigMap key mounted (with subPath, or as a directory) at ``path``."""
    volumes = {v["name"]: v for v in pod["spec"].get("volumes") or []}
    for mount in container.get("volumeMounts") or []:
        source = (volumes.get(mount["name"]) or {}).get("configMap")
        if source is None:
            continue
        if mount.get("subPath") and mount["mountPath"] == path:
            key = mount["subPath"]
        elif path.startswith(mount["mountPath"].rstrip("/") + "/"):
            key = path[len(mount["mountPath"].rstrip("/")) + 1:]
        else:
            continue
        cm = cluster.find("ConfigMap", source["name"], pod["metadata"]["namespace"])
        return None if cm is None else (cm.get("data") or {}).get(key)
    return None


def has_mount(container: dict, path: str) -> bool:
    return any(m.get("mountPath") == path for m in container.get("volumeMounts") or [])
