"""``kubectl describe`` for PersistentVolumes and PersistentVolumeClaims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .describe_common import (
    Writer,
    describe_events,
    go_list,
    print_labels_annotations,
    print_lines,
    print_name_namespace,
)
from .printers.tables import access_modes
from .timefmt import age

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["describe_pv", "describe_pvc"]


def _status(obj: dict, now: float) -> str:
    deleted = obj["metadata"].get("deletionTimestamp")
    if deleted:
        return f"Terminating (lasts {age(deleted, now)})"
    return (obj.get("status") or {}).get("phase", "Pending")


def describe_pvc(w: Writer, pvc: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta, spec, status = pvc["metadata"], pvc.get("spec") or {}, pvc.get("status") or {}
    print_name_namespace(w, meta)
    w.write(0, f"StorageClass:\t{spec.get('storageClassName', '')}\n")
    w.write(0, f"Status:\t{_status(pvc, now)}\n")
    w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    print_labels_annotations(w, meta)
    w.write(0, f"Finalizers:\t{go_list(meta.get('finalizers'))}\n")
    bound = bool(spec.get("volumeName"))
    w.write(0, f"Capacity:\t{(status.get('capacity') or {}).get('storage', '') if bound else ''}\n")
    w.write(0, f"Access Modes:\t{access_modes(status.get('accessModes')) if bound else ''}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    users = [p["metadata"]["name"] for p in cluster.list("Pod", meta.get("namespace"))
             if any((v.get("persistentVolumeClaim") or {}).get("claimName") == meta["name"]
                    for v in p["spec"].get("volumes") or ())]
    print_lines(w, "Used By", users)
    describe_events(w, events, now)


def describe_pv(w: Writer, pv: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta, spec, status = pv["metadata"], pv.get("spec") or {}, pv.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    print_labels_annotations(w, meta)
    w.write(0, f"Finalizers:\t{go_list(meta.get('finalizers'))}\n")
    w.write(0, f"StorageClass:\t{spec.get('storageClassName', '')}\n")
    w.write(0, f"Status:\t{_status(pv, now)}\n")
    ref = spec.get("claimRef") or {}
    w.write(0, f"Claim:\t{ref.get('namespace', '') + '/' + ref['name'] if ref.get('name') else ''}\n")
    w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', 'Retain')}\n")
    w.write(0, f"Access Modes:\t{access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(0, f"Capacity:\t{(spec.get('capacity') or {}).get('storage', '')}\n")
    w.write(0, "Node Affinity:\t<none>\n" if not spec.get("nodeAffinity") else "Node Affinity:\t\n")
    w.write(0, f"Message:\t{status.get('message', '')}\n")
    w.write(0, "Source:\n")
    if "hostPath" in spec:
        w.write(0, "    Type:\tHostPath (bare host directory volume)\n")
        w.write(0, f"    Path:\t{spec['hostPath'].get('path', '')}\n")
        w.write(0, f"    HostPathType:\t{spec['hostPath'].get('type', '')}\n")
    elif "local" in spec:
        w.write(0, "    Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n")
        w.write(0, f"    Path:\t{spec['local'].get('path', '')}\n")
    describe_events(w, events, now)
