"""The applications AIOpsLab deploys, as twin manifests and container behaviours (see README.md).

`deploy_app` applies an app's manifests to a `Cluster`; `deploy_infrastructure` adds the
cluster's own pods; `behaviour_table` is the `BehaviourTable` covering every image they use;
`run_workload` replays AIOpsLab's wrk2 burst into the callers' logs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..runtime import Behaviour, BehaviourTable
from . import astronomy_shop, common_behaviours, hotel_reservation, social_network
from .base import AppSpec, CallEdge, Workload
from .infrastructure import deploy_infrastructure
from .workload import run_workload

if TYPE_CHECKING:
    from ..cluster import Cluster

APPS: dict[str, AppSpec] = {
    "SocialNetwork": social_network.SPEC,
    "HotelReservation": hotel_reservation.SPEC,
    "AstronomyShop": astronomy_shop.SPEC,
}


def app_for_namespace(namespace: str) -> AppSpec | None:
    return next((app for app in APPS.values() if app.namespace == namespace), None)


def deploy_app(cluster: Cluster, name: str) -> None:
    """Apply app ``name``'s manifests (namespace first) as its installer would, in one batch."""
    app = APPS.get(name)
    if app is None:
        raise KeyError(f"unknown app {name!r}; expected one of: {', '.join(APPS)}")
    with cluster.batch():
        for obj in app.manifests():
            if obj["kind"] == "Namespace" and cluster.find("Namespace", obj["metadata"]["name"]) is not None:
                continue
            if obj["kind"] == "PersistentVolume" and cluster.find("PersistentVolume", obj["metadata"]["name"]):
                continue  # statically provisioned volumes outlive the namespace (redeploy_without_PV)
            cluster.create(obj)
        if name == "AstronomyShop":
            astronomy_shop.deploy_extras(cluster)


def behaviour_table() -> BehaviourTable:
    """Behaviours for every image the apps and the infrastructure run; others just run."""
    table: dict[str, Behaviour] = dict(common_behaviours.BEHAVIOURS)
    for app in APPS.values():
        table.update(app.behaviours)
    return BehaviourTable(by_repository=table)


__all__ = [
    "APPS",
    "AppSpec",
    "CallEdge",
    "Workload",
    "app_for_namespace",
    "behaviour_table",
    "deploy_app",
    "deploy_infrastructure",
    "run_workload",
]
