"""``kubectl describe`` for Services and Endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .describe_common import (
    Writer,
    describe_events,
    print_labels_annotations,
    print_name_namespace,
)
from .printers.tables import format_endpoints

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["describe_endpoints", "describe_service"]


def _endpoints_for_port(endpoints: dict | None, port_name: str) -> str:
    if endpoints is None:
        return "<none>"
    subsets = []
    for subset in endpoints.get("subsets") or ():
        ports = [p for p in subset.get("ports") or () if (p.get("name") or "") == port_name]
        if ports and subset.get("addresses"):
            subsets.append({"addresses": subset["addresses"], "ports": ports})
    return format_endpoints({"subsets": subsets}) if subsets else "<none>"


def describe_service(w: Writer, svc: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta, spec = svc["metadata"], svc.get("spec") or {}
    status = svc.get("status") or {}
    print_name_namespace(w, meta)
    print_labels_annotations(w, meta)
    selector = spec.get("selector") or {}
    w.write(0, f"Selector:\t{','.join(f'{k}={v}' for k, v in sorted(selector.items())) or '<none>'}\n")
    kind = spec.get("type", "ClusterIP")
    w.write(0, f"Type:\t{kind}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or ()) or '<none>'}\n")
    cluster_ip = spec.get("clusterIP", "")
    w.write(0, f"IP:\t{cluster_ip}\n")
    ips = spec.get("clusterIPs") or ([cluster_ip] if cluster_ip else [])
    w.write(0, f"IPs:\t{','.join(ips) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if kind == "ExternalName":
        w.write(0, f"External Name:\t{spec.get('externalName', '')}\n")
    ingress = [i.get("ip") or i.get("hostname") for i in (status.get("loadBalancer") or {}).get("ingress") or ()]
    if ingress:
        w.write(0, f"LoadBalancer Ingress:\t{', '.join(ingress)}\n")
    endpoints = cluster.find("Endpoints", meta["name"], meta.get("namespace"))
    for port in spec.get("ports") or ():
        name, proto = port.get("name") or "<unset>", port.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{port.get('port')}/{proto}\n")
        w.write(0, f"TargetPort:\t{port.get('targetPort', port.get('port'))}/{proto}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{_endpoints_for_port(endpoints, port.get('name') or '')}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', 'None')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    describe_events(w, events, now)


def describe_endpoints(w: Writer, ep: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta = ep["metadata"]
    print_name_namespace(w, meta)
    print_labels_annotations(w, meta)
    w.write(0, "Subsets:\n")
    for subset in ep.get("subsets") or ():
        ready = ",".join(a["ip"] for a in subset.get("addresses") or ())
        not_ready = ",".join(a["ip"] for a in subset.get("notReadyAddresses") or ())
        w.write(1, f"Addresses:\t{ready or '<none>'}\n")
        w.write(1, f"NotReadyAddresses:\t{not_ready or '<none>'}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(2, f"{port.get('name') or '<unset>'}\t{port.get('port')}\t{port.get('protocol', 'TCP')}\n")
        w.write(0, "\n")
    describe_events(w, events, now)
