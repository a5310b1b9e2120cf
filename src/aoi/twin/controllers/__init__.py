"""The twin's controllers, in the order one reconcile pass runs them, and their timer actions.

Each controller names the kinds it watches; a pass runs only controllers whose kinds changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .endpoints import reconcile_endpoints
from .kubelet import reconcile_kubelet, restart_container, start_container
from .nodes import bootstrap_nodes
from .scheduler import reconcile_scheduling
from .volumes import reconcile_volumes
from .workloads import reconcile_deployments, reconcile_replicasets


@dataclass(frozen=True)
class Controller:
    name: str
    watches: frozenset[str]
    run: Callable


CONTROLLERS: tuple[Controller, ...] = (
    Controller("persistentvolume", frozenset({"PersistentVolume", "PersistentVolumeClaim"}), reconcile_volumes),
    Controller("deployment", frozenset({"Deployment", "ReplicaSet", "Pod"}), reconcile_deployments),
    Controller("replicaset", frozenset({"ReplicaSet", "Pod"}), reconcile_replicasets),
    Controller("scheduler", frozenset({"Pod", "Node", "PersistentVolumeClaim"}), reconcile_scheduling),
    Controller("kubelet", frozenset({"Pod"}), reconcile_kubelet),
    Controller("endpoints", frozenset({"Pod", "Service"}), reconcile_endpoints),
)

TIMER_ACTIONS: dict[str, Callable] = {
    "start_container": start_container,
    "restart_container": restart_container,
}

__all__ = ["CONTROLLERS", "TIMER_ACTIONS", "Controller", "bootstrap_nodes"]
