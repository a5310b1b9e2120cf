"""Fault injectors for the twin, one per AIOpsLab fault type, dispatched from a `FaultSpec`.

Each injector changes the cluster the way AIOpsLab's injector changes a real one (patching a
Service, revoking a MongoDB role, flipping a flag, applying a Chaos Mesh experiment) and lets the
same settle time pass; the consequences then follow from the controllers and app behaviours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import application, virtualization
from .chaos_mesh import inject_chaos
from .flagd import inject_flag, set_flag

if TYPE_CHECKING:
    from ..cluster import Cluster
    from .spec import FaultSpec

Injector = Callable[["Cluster", "FaultSpec", str], None]

INJECTORS: dict[str, Injector] = {
    "misconfig_k8s": virtualization.misconfig_k8s,
    "scale_pods_to_zero": virtualization.scale_pods_to_zero,
    "assign_to_non_existent_node": virtualization.assign_to_non_existent_node,
    "wrong_bin_usage": virtualization.wrong_bin_usage,
    "redeploy_without_pv": virtualization.redeploy_without_pv,
    "revoke_auth": application.revoke_auth,
    "storage_user_unregistered": application.storage_user_unregistered,
    "misconfig_app": application.misconfig_app,
    "auth_miss_mongodb": application.auth_miss_mongodb,
}


def _docker(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    from .. import docker

    if fault.fault_type == "container_stop":
        docker.stop_container(cluster, fault.params["container"])
        cluster.advance(15)
    else:
        docker.misconfigure_model(cluster)


def _noop(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    """Noop problems inject nothing."""


_BY_INJECTOR: dict[str, Injector] = {
    "chaos_mesh": inject_chaos,
    "flagd": inject_flag,
    "docker": _docker,
    "noop": _noop,
}


class UnsupportedFault(LookupError):
    pass


def inject(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    """Inject ``fault`` into ``namespace`` of ``cluster``."""
    injector = _BY_INJECTOR.get(str(fault.injector)) or INJECTORS.get(fault.fault_type)
    if injector is None:
        known = ", ".join(sorted([*INJECTORS, *_BY_INJECTOR]))
        raise UnsupportedFault(f"the twin cannot inject fault type {fault.fault_type!r}; known: {known}")
    injector(cluster, fault, namespace)


__all__ = ["INJECTORS", "UnsupportedFault", "inject", "set_flag"]
