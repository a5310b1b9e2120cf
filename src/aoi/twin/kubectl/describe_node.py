"""``kubectl describe node``: conditions, capacity, system info, the pods on it and their requests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .describe_common import (
    Writer,
    describe_events,
    print_labels_annotations,
)
from .printers.tables import node_roles
from .quantity import format_cpu, format_memory, millicores, to_bytes
from .timefmt import age, rfc1123z

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["describe_node"]

_SYSTEM_INFO = (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                ("Container Runtime Version", "containerRuntimeVersion"), ("Kubelet Version", "kubeletVersion"),
                ("Kube-Proxy Version", "kubeProxyVersion"))


def _requests(pod: dict, kind: str, resource: str) -> int:
    parse = millicores if resource == "cpu" else to_bytes
    total = 0
    for container in pod["spec"].get("containers") or ():
        value = ((container.get("resources") or {}).get(kind) or {}).get(resource)
        if value is None and kind == "requests":
            # A container with only a limit requests that limit.
            value = ((container.get("resources") or {}).get("limits") or {}).get(resource)
        if value is not None:
            total += parse(value)
    return total


def _percent(used: int, allocatable: int) -> str:
    return f"{int(used * 100 / allocatable) if allocatable else 0}%"


def _lease(w: Writer, lease: dict | None, node: str) -> None:
    if lease is None:
        w.write(0, f'Lease:\tFailed to get lease: leases.coordination.k8s.io "{node}" not found\n')
        return
    spec = lease.get("spec") or {}
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{spec.get('holderIdentity') or '<unset>'}\n")
    acquired, renewed = spec.get("acquireTime"), spec.get("renewTime")
    w.write(1, f"AcquireTime:\t{rfc1123z(acquired[:19] + 'Z') if acquired else '<unset>'}\n")
    w.write(1, f"RenewTime:\t{rfc1123z(renewed[:19] + 'Z') if renewed else '<unset>'}\n")


def describe_node(w: Writer, node: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta, spec, status = node["metadata"], node.get("spec") or {}, node.get("status") or {}
    name = meta["name"]
    w.write(0, f"Name:\t{name}\n")
    roles = node_roles(node)
    w.write(0, f"Roles:\t{roles}\n")
    print_labels_annotations(w, meta)
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta['creationTimestamp'])}\n")
    taints = [f"{t.get('key')}{'=' + t['value'] if t.get('value') else ''}:{t.get('effect')}"
              for t in spec.get("taints") or ()]
    w.write(0, f"Taints:\t{taints[0] if taints else '<none>'}\n")
    for taint in taints[1:]:
        w.write(0, f"\t{taint}\n")
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    _lease(w, cluster.find("Lease", name, "kube-node-lease"), name)
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for cond in status.get("conditions") or ():
        beat = rfc1123z(cond.get("lastHeartbeatTime") or meta["creationTimestamp"])
        since = rfc1123z(cond.get("lastTransitionTime") or meta["creationTimestamp"])
        w.write(1, f"{cond.get('type')} \t{cond.get('status')} \t{beat} \t{since} \t{cond.get('reason', '')} \t"
                   f"{cond.get('message', '')}\n")
    w.write(0, "Addresses:\n")
    for address in status.get("addresses") or ():
        w.write(1, f"{address.get('type')}:\t{address.get('address')}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        w.write(0, f"{title}:\n")
        for resource, value in sorted((status.get(key) or {}).items()):
            w.write(1, f"{resource}:\t{value}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for title, key in _SYSTEM_INFO:
        w.write(1, f"{title}:\t{info.get(key, '')}\n")
    w.write(0, f"PodCIDR:\t{spec.get('podCIDR', '')}\n")
    w.write(0, f"PodCIDRs:\t{','.join(spec.get('podCIDRs') or ())}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _pods_section(w, node, now, cluster)
    describe_events(w, events, now)


def _pods_section(w: Writer, node: dict, now: float, cluster: Cluster) -> None:
    allocatable = (node.get("status") or {}).get("allocatable") or {}
    cpu_total, mem_total = millicores(allocatable.get("cpu", "0")), to_bytes(allocatable.get("memory", "0"))
    pods = [p for p in cluster.list("Pod") if p["spec"].get("nodeName") == node["metadata"]["name"]
            and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    totals = {"cpu": [0, 0], "memory": [0, 0]}
    for pod in pods:
        cells = []
        for resource, total, fmt in (("cpu", cpu_total, format_cpu), ("memory", mem_total, format_memory)):
            req, lim = _requests(pod, "requests", resource), _requests(pod, "limits", resource)
            totals[resource][0] += req
            totals[resource][1] += lim
            cells += [f"{fmt(req)} ({_percent(req, total)})", f"{fmt(lim)} ({_percent(lim, total)})"]
        meta = pod["metadata"]
        w.write(1, f"{meta['namespace']}\t{meta['name']}\t\t{cells[0]}\t{cells[1]}\t{cells[2]}\t{cells[3]}\t"
                   f"{age(meta.get('creationTimestamp'), now)}\n")
    w.write(0, "Allocated resources:\n")
    w.write(1, "(Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    for resource, total, fmt in (("cpu", cpu_total, format_cpu), ("memory", mem_total, format_memory)):
        req, lim = totals[resource]
        w.write(1, f"{resource}\t{fmt(req)} ({_percent(req, total)})\t{fmt(lim)} ({_percent(lim, total)})\n")
    for resource in ("ephemeral-storage", "hugepages-1Gi", "hugepages-2Mi"):
        w.write(1, f"{resource}\t0 (0%)\t0 (0%)\n")
