"""``kubectl describe`` for Services and Endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .describe_common import (
    Writer,
    describe_events,
    print_labels_annotations,
    print_name_namespace,
)

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["describe_endpoints", "describe_service"]


def _slice_endpoints(slices: list[dict], port_name: str, limit: int = 3) -> str:
    """kubectl's formatEndpointSlices for one Service port: ready ``ip:port`` pairs (bare ips for
    a slice without ports), the first three then `` + N more...``; ``<none>`` without slices, and
    an empty cell when slices exist but nothing in them is ready."""
    if not slices:
        return "<none>"
    shown: list[str] = []
    count = 0
    for slice_ in slices:
        ports = slice_.get("ports") or []
        targets = [None] if not ports else [p["port"] for p in ports if p.get("name", "") == port_name]
        for port in targets:
            for member in slice_.get("endpoints") or ():
                if (member.get("conditions") or {}).get("ready") is False:
                    continue
                if len(shown) < limit:
                    address = member["addresses"][0]
                    shown.append(address if port is None else f"{address}:{port}")
                count += 1
    text = ",".join(shown)
    return f"{text} + {count - limit} more..." if count > limit else text


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
    slices = [s for s in cluster.list("EndpointSlice", meta.get("namespace"))
              if (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name") == meta["name"]]
    for port in spec.get("ports") or ():
        name, proto = port.get("name") or "<unset>", port.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{port.get('port')}/{proto}\n")
        w.write(0, f"TargetPort:\t{port.get('targetPort', port.get('port'))}/{proto}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{_slice_endpoints(slices, port.get('name') or '')}\n")
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
