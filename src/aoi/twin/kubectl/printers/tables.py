"""``kubectl get`` table columns: one row function per kind, plus the ``-o wide`` extras.

Each `TableSpec` holds the headers and a function ``(obj, now) -> cells``; wide columns come
from a second pair. Kinds without a printer here (custom resources such as PodChaos) get
kubectl's generic ``NAME AGE``. The functions read objects directly and never copy them: this
is the hot path of every agent step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..selectors import format_label_selector
from ..timefmt import age, seconds
from .pods import pod_cells, pod_wide_cells

__all__ = ["GENERIC", "TABLES", "TableSpec", "spec_for"]

Cells = Callable[[dict, float], list[str]]


@dataclass(frozen=True)
class TableSpec:
    headers: tuple[str, ...]
    cells: Cells
    wide_headers: tuple[str, ...] = ()
    wide_cells: Cells | None = None


_ACCESS = {"ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"}


def _created(obj: dict, now: float) -> str:
    return age(obj["metadata"].get("creationTimestamp"), now)


def _name(obj: dict) -> str:
    return obj["metadata"]["name"]


def _or_none(text: str) -> str:
    return text if text else "<none>"


def _template_containers(obj: dict) -> list[dict]:
    return ((obj.get("spec") or {}).get("template") or {}).get("spec", {}).get("containers") or []


def _containers_images_selector(obj: dict, now: float) -> list[str]:
    containers = _template_containers(obj)
    return [_or_none(",".join(c["name"] for c in containers)), _or_none(",".join(c.get("image", "") for c in containers)),
            format_label_selector((obj.get("spec") or {}).get("selector"))]


def _deployment(obj: dict, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    return [_name(obj), f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}",
            str(status.get("updatedReplicas", 0)), str(status.get("availableReplicas", 0)), _created(obj, now)]


def _replicaset(obj: dict, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    return [_name(obj), str(spec.get("replicas", 1)), str(status.get("replicas", 0)),
            str(status.get("readyReplicas", 0)), _created(obj, now)]


def _statefulset(obj: dict, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    return [_name(obj), f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}", _created(obj, now)]


def _containers_images(obj: dict, now: float) -> list[str]:
    return _containers_images_selector(obj, now)[:2]


def _daemonset(obj: dict, now: float) -> list[str]:
    status = obj.get("status") or {}
    node_selector = ((obj.get("spec") or {}).get("template") or {}).get("spec", {}).get("nodeSelector") or {}
    return [_name(obj), *(str(status.get(k, 0)) for k in ("desiredNumberScheduled", "currentNumberScheduled",
                                                            "numberReady", "updatedNumberScheduled",
                                                            "numberAvailable")),
            _or_none(",".join(f"{k}={v}" for k, v in sorted(node_selector.items()))), _created(obj, now)]


def _job(obj: dict, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or ()}
    if conditions.get("Complete") == "True":
        state = "Complete"
    elif conditions.get("Failed") == "True":
        state = "Failed"
    elif spec.get("suspend"):
        state = "Suspended"
    else:
        state = "Running"
    completions = f"{status.get('succeeded', 0)}/{spec.get('completions', 1)}"
    start, end = status.get("startTime"), status.get("completionTime")
    duration = age(start, seconds(end) if end else now) if start else ""
    return [_name(obj), state, completions, duration, _created(obj, now)]


def _job_wide(obj: dict, now: float) -> list[str]:
    return _containers_images_selector(obj, now)


def _service_ports(spec: dict) -> str:
    parts = []
    for port in spec.get("ports") or ():
        proto = port.get("protocol", "TCP")
        if port.get("nodePort"):
            parts.append(f"{port['port']}:{port['nodePort']}/{proto}")
        else:
            parts.append(f"{port['port']}/{proto}")
    return _or_none(",".join(parts))


def _external_ip(spec: dict, status: dict) -> str:
    kind = spec.get("type", "ClusterIP")
    external = list(spec.get("externalIPs") or ())
    if kind == "ExternalName":
        return spec.get("externalName") or "<none>"
    if kind == "LoadBalancer":
        ingress = [i.get("ip") or i.get("hostname") for i in (status.get("loadBalancer") or {}).get("ingress") or ()]
        found = [*ingress, *external]
        return ",".join(found) if found else "<pending>"
    return ",".join(external) if external else "<none>"


def _service(obj: dict, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    return [_name(obj), spec.get("type", "ClusterIP"), spec.get("clusterIP") or "<none>",
            _external_ip(spec, status), _service_ports(spec), _created(obj, now)]


def _service_wide(obj: dict, now: float) -> list[str]:
    selector = (obj.get("spec") or {}).get("selector") or {}
    return [_or_none(",".join(f"{k}={v}" for k, v in sorted(selector.items())))]


def format_endpoints(obj: dict, limit: int = 3) -> str:
    """``ip:port`` pairs of ready addresses, the first three then `` + N more...``."""
    subsets = obj.get("subsets") or ()
    if not subsets:
        return "<none>"
    shown: list[str] = []
    count = 0
    for subset in subsets:
        addresses = subset.get("addresses") or ()
        ports = subset.get("ports") or ()
        for port in ports or (None,):
            count += len(addresses)
            for addr in addresses:
                if len(shown) == limit:
                    break
                shown.append(addr["ip"] if port is None else f"{addr['ip']}:{port['port']}")
    if not shown:
        return "<none>"  # only notReadyAddresses: kubectl lists ready ones alone
    text = ",".join(shown)
    return f"{text} + {count - limit} more..." if count > limit else text


def _endpoints(obj: dict, now: float) -> list[str]:
    return [_name(obj), format_endpoints(obj), _created(obj, now)]


def _configmap(obj: dict, now: float) -> list[str]:
    return [_name(obj), str(len(obj.get("data") or {}) + len(obj.get("binaryData") or {})), _created(obj, now)]


def _secret(obj: dict, now: float) -> list[str]:
    return [_name(obj), obj.get("type", "Opaque"), str(len(obj.get("data") or {})), _created(obj, now)]


def _serviceaccount(obj: dict, now: float) -> list[str]:
    return [_name(obj), str(len(obj.get("secrets") or ())), _created(obj, now)]


def _first_three(items: list[str]) -> str:
    """The API server's listWithMoreString: three items, `` + N more...``, or ``<unset>``."""
    text = ",".join(items[:3])
    if len(items) > 3:
        return f"{text} + {len(items) - 3} more..."
    return text or "<unset>"


def _endpointslice(obj: dict, now: float) -> list[str]:
    ports = [str(p["port"]) if p.get("port") is not None else p.get("name") or "<unset>" for p in obj.get("ports") or ()]
    addresses = [a for member in obj.get("endpoints") or () for a in member.get("addresses") or ()]
    return [_name(obj), obj.get("addressType", ""), _first_three(ports), _first_three(addresses), _created(obj, now)]


def _lease(obj: dict, now: float) -> list[str]:
    return [_name(obj), (obj.get("spec") or {}).get("holderIdentity") or "", _created(obj, now)]


def _namespace(obj: dict, now: float) -> list[str]:
    return [_name(obj), (obj.get("status") or {}).get("phase", "Active"), _created(obj, now)]


def access_modes(modes: list[str] | None) -> str:
    return ",".join(_ACCESS.get(m, m) for m in modes or ())


def _pv(obj: dict, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    ref = spec.get("claimRef") or {}
    claim = f"{ref.get('namespace')}/{ref.get('name')}" if ref.get("name") else ""
    return [_name(obj), (spec.get("capacity") or {}).get("storage", ""), access_modes(spec.get("accessModes")),
            spec.get("persistentVolumeReclaimPolicy", "Retain"), status.get("phase", "Pending"), claim,
            spec.get("storageClassName", ""), spec.get("volumeAttributesClassName") or "<unset>",
            status.get("reason", ""), _created(obj, now)]


def _pvc(obj: dict, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    bound = bool(spec.get("volumeName"))
    return [_name(obj), status.get("phase", "Pending"), spec.get("volumeName", ""),
            (status.get("capacity") or {}).get("storage", "") if bound else "",
            access_modes(status.get("accessModes")) if bound else "", spec.get("storageClassName") or "",
            spec.get("volumeAttributesClassName") or "<unset>", _created(obj, now)]


def _volume_mode(obj: dict, now: float) -> list[str]:
    return [(obj.get("spec") or {}).get("volumeMode", "Filesystem")]


def _node_status(obj: dict) -> str:
    ready = next((c for c in (obj.get("status") or {}).get("conditions") or () if c.get("type") == "Ready"), None)
    state = "Ready" if ready and ready.get("status") == "True" else "NotReady" if ready else "Unknown"
    if (obj.get("spec") or {}).get("unschedulable"):
        state += ",SchedulingDisabled"
    return state


def node_roles(obj: dict) -> str:
    roles = sorted(k.partition("/")[2] for k in obj["metadata"].get("labels") or {}
                   if k.startswith("node-role.kubernetes.io/"))
    return ",".join(roles) if roles else "<none>"


def _node(obj: dict, now: float) -> list[str]:
    info = (obj.get("status") or {}).get("nodeInfo") or {}
    return [_name(obj), _node_status(obj), node_roles(obj), _created(obj, now), info.get("kubeletVersion", "")]


def _node_wide(obj: dict, now: float) -> list[str]:
    status = obj.get("status") or {}
    addresses = {a.get("type"): a.get("address") for a in status.get("addresses") or ()}
    info = status.get("nodeInfo") or {}
    return [addresses.get("InternalIP") or "<none>", addresses.get("ExternalIP") or "<none>",
            info.get("osImage", ""), info.get("kernelVersion", ""), info.get("containerRuntimeVersion", "")]


def _storageclass(obj: dict, now: float) -> list[str]:
    annotations = obj["metadata"].get("annotations") or {}
    default = annotations.get("storageclass.kubernetes.io/is-default-class") == "true"
    return [_name(obj) + (" (default)" if default else ""), obj.get("provisioner", ""),
            obj.get("reclaimPolicy", "Delete"), obj.get("volumeBindingMode", "Immediate"),
            "true" if obj.get("allowVolumeExpansion") else "false", _created(obj, now)]


def _networkpolicy(obj: dict, now: float) -> list[str]:
    return [_name(obj), format_label_selector((obj.get("spec") or {}).get("podSelector")), _created(obj, now)]


def event_last_seen(obj: dict, now: float) -> tuple[str, str, int]:
    """(last seen, first seen, count) with kubectl's fallbacks for events without timestamps."""
    first_ts = obj.get("firstTimestamp") or obj.get("eventTime")
    first = age(first_ts, now)
    last = age(obj["lastTimestamp"], now) if obj.get("lastTimestamp") else first
    series = obj.get("series")
    if series:
        return age(series.get("lastObservedTime"), now), first, int(series.get("count", 1))
    return last, first, int(obj.get("count") or 1)


def involved(obj: dict) -> str:
    ref = obj.get("involvedObject") or {}
    kind = str(ref.get("kind", "")).lower()
    return f"{kind}/{ref['name']}" if ref.get("name") else kind


def _event(obj: dict, now: float) -> list[str]:
    # The API server's event row: LAST SEEN is the last occurrence alone; "(xN over M)" belongs
    # to describe and `kubectl events`, and the count is a column of -o wide.
    last, _, _ = event_last_seen(obj, now)
    return [last, obj.get("type", ""), obj.get("reason", ""), involved(obj), (obj.get("message") or "").strip()]


def _event_wide_row(obj: dict, now: float) -> list[str]:
    last, first, count = event_last_seen(obj, now)
    source = obj.get("source") or {}
    origin = source.get("component") or obj.get("reportingComponent") or ""
    host = source.get("host") or obj.get("reportingInstance") or ""
    return [last, obj.get("type", ""), obj.get("reason", ""), involved(obj),
            (obj.get("involvedObject") or {}).get("fieldPath", ""), f"{origin}, {host}" if host else origin,
            (obj.get("message") or "").strip(), first, str(count), _name(obj)]


def _generic(obj: dict, now: float) -> list[str]:
    return [_name(obj), _created(obj, now)]


_WORKLOAD_WIDE = ("CONTAINERS", "IMAGES", "SELECTOR")

TABLES: dict[str, TableSpec] = {
    "Pod": TableSpec(("NAME", "READY", "STATUS", "RESTARTS", "AGE"), pod_cells,
                     ("IP", "NODE", "NOMINATED NODE", "READINESS GATES"), pod_wide_cells),
    "Deployment": TableSpec(("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"), _deployment,
                            _WORKLOAD_WIDE, _containers_images_selector),
    "ReplicaSet": TableSpec(("NAME", "DESIRED", "CURRENT", "READY", "AGE"), _replicaset,
                            _WORKLOAD_WIDE, _containers_images_selector),
    "StatefulSet": TableSpec(("NAME", "READY", "AGE"), _statefulset, ("CONTAINERS", "IMAGES"), _containers_images),
    "DaemonSet": TableSpec(("NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"),
                           _daemonset, _WORKLOAD_WIDE, _containers_images_selector),
    "Job": TableSpec(("NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"), _job, _WORKLOAD_WIDE, _job_wide),
    "Service": TableSpec(("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"), _service,
                         ("SELECTOR",), _service_wide),
    "Endpoints": TableSpec(("NAME", "ENDPOINTS", "AGE"), _endpoints),
    "ConfigMap": TableSpec(("NAME", "DATA", "AGE"), _configmap),
    "Secret": TableSpec(("NAME", "TYPE", "DATA", "AGE"), _secret),
    "ServiceAccount": TableSpec(("NAME", "SECRETS", "AGE"), _serviceaccount),
    "Namespace": TableSpec(("NAME", "STATUS", "AGE"), _namespace),
    "PersistentVolume": TableSpec(("NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM",
                                   "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"), _pv,
                                  ("VOLUMEMODE",), _volume_mode),
    "PersistentVolumeClaim": TableSpec(("NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS",
                                        "VOLUMEATTRIBUTESCLASS", "AGE"), _pvc, ("VOLUMEMODE",), _volume_mode),
    "Node": TableSpec(("NAME", "STATUS", "ROLES", "AGE", "VERSION"), _node,
                      ("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"), _node_wide),
    "StorageClass": TableSpec(("NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION",
                               "AGE"), _storageclass),
    "NetworkPolicy": TableSpec(("NAME", "POD-SELECTOR", "AGE"), _networkpolicy),
    "EndpointSlice": TableSpec(("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"), _endpointslice),
    "Lease": TableSpec(("NAME", "HOLDER", "AGE"), _lease),
    "Event": TableSpec(("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"), _event),
}

# Wide events are a different table, not extra columns.
EVENT_WIDE = TableSpec(("LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN",
                        "COUNT", "NAME"), _event_wide_row)
GENERIC = TableSpec(("NAME", "AGE"), _generic)


def spec_for(kind: str, wide: bool = False) -> TableSpec:
    if wide and kind == "Event":
        return EVENT_WIDE
    return TABLES.get(kind, GENERIC)
