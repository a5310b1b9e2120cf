"""Small write helpers the fault injectors share: edit-in-copy, recreate, delete matching pods."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cluster import Cluster

# AIOpsLab's injector base class sleeps this long after every injection.
INJECT_SETTLE_S = 6.0


def edit(cluster: Cluster, kind: str, name: str, namespace: str | None, change: Callable[[dict], None]) -> dict:
    """Apply ``change`` to a copy of the object and write it back, as `kubectl patch` would."""
    obj = copy.deepcopy(cluster.get(kind, name, namespace))
    change(obj)
    return cluster.update(obj)


def recreate(cluster: Cluster, kind: str, name: str, namespace: str, change: Callable[[dict], None]) -> dict:
    """Dump, change, delete and re-create an object (the injectors' `kubectl delete` + `apply`)."""
    obj = copy.deepcopy(cluster.get(kind, name, namespace))
    change(obj)
    cluster.delete(kind, name, namespace)
    manifest = {
        "apiVersion": obj["apiVersion"],
        "kind": obj["kind"],
        "metadata": {k: v for k, v in obj["metadata"].items()
                     if k in ("name", "namespace", "labels", "annotations")},
        "spec": obj["spec"],
    }
    manifest["metadata"].get("annotations", {}).pop("deployment.kubernetes.io/revision", None)
    return cluster.create(manifest)


def delete_pods(cluster: Cluster, namespace: str, matches: Callable[[str], bool]) -> list[str]:
    names = [p["metadata"]["name"] for p in cluster.list("Pod", namespace) if matches(p["metadata"]["name"])]
    with cluster.batch():
        for name in names:
            cluster.delete("Pod", name, namespace)
    return names


def restart_deployment(cluster: Cluster, name: str, namespace: str) -> None:
    """`kubectl rollout restart`: a new template annotation, hence a new ReplicaSet."""

    def stamp(obj: dict) -> None:
        template_meta = obj["spec"]["template"].setdefault("metadata", {})
        template_meta.setdefault("annotations", {})["kubectl.kubernetes.io/restartedAt"] = cluster.clock.rfc3339()

    edit(cluster, "Deployment", name, namespace, stamp)
