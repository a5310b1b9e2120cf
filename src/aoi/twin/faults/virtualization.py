"""Kubernetes-level faults (AIOpsLab's virtualization injector), done the way its injector does them.

* misconfig_k8s: every Service port with targetPort 9090 now points at 9999.
* scale_pods_to_zero: the Deployment is scaled to 0 replicas.
* assign_to_non_existent_node: the Deployment is re-created with a nodeSelector no node matches.
* wrong_bin_usage: the Deployment is re-created running another service's binary.
* redeploy_without_pv: the namespace is deleted (hostPath PVs stay behind, Released) and the app
  re-applied at once, so the new claims cannot bind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._edit import INJECT_SETTLE_S, edit, recreate

if TYPE_CHECKING:
    from ..cluster import Cluster
    from .spec import FaultSpec


def misconfig_k8s(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    old, new = fault.params["from_target_port"], fault.params["to_target_port"]

    def retarget(svc: dict) -> None:
        for port in svc["spec"]["ports"]:
            if port.get("targetPort") == old:
                port["targetPort"] = new

    edit(cluster, "Service", fault.target, namespace, retarget)
    cluster.advance(INJECT_SETTLE_S)


def scale_pods_to_zero(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    edit(cluster, "Deployment", fault.target, namespace,
         lambda d: d["spec"].__setitem__("replicas", fault.params["replicas"]))
    cluster.advance(INJECT_SETTLE_S + 30)  # the problem waits 30 s before the agent starts


def assign_to_non_existent_node(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    def pin(deploy: dict) -> None:
        deploy["spec"]["template"]["spec"]["nodeSelector"] = dict(fault.params["node_selector"])

    recreate(cluster, "Deployment", fault.target, namespace, pin)
    cluster.advance(INJECT_SETTLE_S + 25)


def wrong_bin_usage(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    wrong = list(fault.params["to_command"])
    binary = fault.params["from_command"][0]

    def swap(deploy: dict) -> None:
        for container in deploy["spec"]["template"]["spec"]["containers"]:
            if binary in (container.get("command") or []):
                container["command"] = list(wrong)

    recreate(cluster, "Deployment", fault.params["deployment"], namespace, swap)
    cluster.advance(INJECT_SETTLE_S)


def redeploy_without_pv(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    from ..apps import APPS

    cluster.delete("Namespace", namespace)
    cluster.advance(15)
    with cluster.batch():
        for manifest in APPS["HotelReservation"].manifests():
            existing = cluster.find(manifest["kind"], manifest["metadata"]["name"],
                                    manifest["metadata"].get("namespace"))
            if existing is None:
                cluster.create(manifest)
            else:
                cluster.apply(manifest)
    cluster.advance(INJECT_SETTLE_S + 30)
