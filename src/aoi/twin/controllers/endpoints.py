"""The endpoints and endpointslice controllers: per selector Service, one Endpoints object and
one discovery.k8s.io/v1 EndpointSlice, both from its pods.

Ready pods become ``addresses``, unready ones ``notReadyAddresses``; each Service port maps to its
targetPort, named targetPorts resolved against the pod's containerPorts. A Service whose selector
matches nothing gets an Endpoints object without subsets (``<none>`` in kubectl) and a slice
without endpoints. The slice carries the same addresses with their ready conditions; it is what
``kubectl describe service`` reads. Its name is ``<service>-<5 chars>`` like the controller's
generated names, derived from the Service's uid so that no random draw shifts other names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..naming import stable_suffix
from ..store import matches_selector
from .podstatus import is_ready

if TYPE_CHECKING:
    from ..cluster import Cluster


def _target(port: dict, pod: dict) -> int | None:
    target = port.get("targetPort", port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    for container in pod["spec"].get("containers") or ():
        for cport in container.get("ports") or ():
            if cport.get("name") == target:
                return cport["containerPort"]
    return None


def _address(pod: dict) -> dict:
    meta = pod["metadata"]
    return {
        "ip": pod["status"]["podIP"],
        "nodeName": pod["spec"]["nodeName"],
        "targetRef": {"kind": "Pod", "name": meta["name"], "namespace": meta["namespace"], "uid": meta["uid"]},
    }


def desired_endpoints(service: dict, pods: list[dict]) -> dict:
    meta = service["metadata"]
    selected = [
        p for p in pods
        if (p.get("status") or {}).get("podIP") and not p["metadata"].get("deletionTimestamp")
        and matches_selector(p["metadata"].get("labels"), service["spec"]["selector"])
    ]
    endpoints: dict = {
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": {"name": meta["name"], "namespace": meta["namespace"],
                     **({"labels": dict(meta["labels"])} if meta.get("labels") else {})},
    }
    if selected:
        ready = [_address(p) for p in selected if is_ready(p)]
        not_ready = [_address(p) for p in selected if not is_ready(p)]
        sample = selected[0]
        ports = []
        for port in service["spec"].get("ports") or ():
            target = _target(port, sample)
            if target is None:
                continue
            entry = {"port": target, "protocol": port.get("protocol", "TCP")}
            if port.get("name"):
                entry["name"] = port["name"]
            ports.append(entry)
        subset: dict = {}
        if ready:
            subset["addresses"] = sorted(ready, key=lambda a: a["ip"])
        if not_ready:
            subset["notReadyAddresses"] = sorted(not_ready, key=lambda a: a["ip"])
        subset["ports"] = ports
        endpoints["subsets"] = [subset]
    return endpoints


_MANAGED_BY = "endpointslice-controller.k8s.io"


def desired_slice(service: dict, endpoints: dict) -> dict:
    meta = service["metadata"]
    subset = (endpoints.get("subsets") or [{}])[0]
    found = [(a, True) for a in subset.get("addresses") or ()] + \
            [(a, False) for a in subset.get("notReadyAddresses") or ()]
    members = [{"addresses": [address["ip"]], "conditions": {"ready": ready, "serving": ready, "terminating": False},
                "nodeName": address["nodeName"], "targetRef": dict(address["targetRef"])}
               for address, ready in sorted(found, key=lambda pair: pair[0]["ip"])]
    ports = [{"name": p.get("name", ""), "port": p["port"], "protocol": p["protocol"]} for p in subset.get("ports") or ()]
    labels = {**(meta.get("labels") or {}), "endpointslice.kubernetes.io/managed-by": _MANAGED_BY,
              "kubernetes.io/service-name": meta["name"]}
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {"name": f"{meta['name']}-{stable_suffix(meta['uid'])}", "generateName": f"{meta['name']}-",
                     "namespace": meta["namespace"], "labels": labels,
                     "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": True, "controller": True,
                                          "kind": "Service", "name": meta["name"], "uid": meta["uid"]}]},
        "addressType": "IPv4",
        "endpoints": members or None,  # the API's nil slices: `endpoints: null`
        "ports": ports or None,
    }


def _reconcile_slice(cluster: Cluster, service: dict, endpoints: dict) -> None:
    desired = desired_slice(service, endpoints)
    current = cluster.find("EndpointSlice", desired["metadata"]["name"], desired["metadata"]["namespace"])
    if current is None:
        cluster.create(desired)
    elif (current.get("endpoints"), current.get("ports")) != (desired["endpoints"], desired["ports"]):
        current["endpoints"], current["ports"] = desired["endpoints"], desired["ports"]
        cluster.write_status(current)


def reconcile_endpoints(cluster: Cluster) -> None:
    pods_by_ns: dict[str, list[dict]] = {}
    for pod in cluster.list("Pod"):
        pods_by_ns.setdefault(pod["metadata"]["namespace"], []).append(pod)
    wanted_keys = set()
    for service in cluster.list("Service"):
        if not service["spec"].get("selector"):
            continue
        meta = service["metadata"]
        wanted_keys.add((meta["namespace"], meta["name"]))
        desired = desired_endpoints(service, pods_by_ns.get(meta["namespace"], []))
        current = cluster.find("Endpoints", meta["name"], meta["namespace"])
        if current is None:
            cluster.create(desired)
        elif current.get("subsets") != desired.get("subsets"):
            if "subsets" in desired:
                current["subsets"] = desired["subsets"]
            else:
                current.pop("subsets", None)
            cluster.write_status(current)
        _reconcile_slice(cluster, service, desired)
    for endpoints in cluster.list("Endpoints"):
        meta = endpoints["metadata"]
        managed = cluster.find("Service", meta["name"], meta["namespace"])
        if managed is None and (meta["namespace"], meta["name"]) not in wanted_keys:
            cluster.delete("Endpoints", meta["name"], meta["namespace"])
    for slice_ in cluster.list("EndpointSlice"):
        meta = slice_["metadata"]
        owner = (meta.get("labels") or {}).get("kubernetes.io/service-name", "")
        if (meta["namespace"], owner) not in wanted_keys:
            cluster.delete("EndpointSlice", meta["name"], meta["namespace"])
