"""The persistent-volume controller: binds claims to volumes and releases them.

Static volumes bind by storageClassName, access modes and capacity. When a claim goes away (its
namespace was deleted) a Retain volume keeps its claimRef and turns Released: it will not bind
again until someone clears ``spec.claimRef``. That is the redeploy_without_PV fault.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cluster import Cluster

_UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "K": 10**3, "M": 10**6, "G": 10**9}


def quantity_bytes(text: str) -> int:
    for suffix, factor in _UNITS.items():
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * factor)
    return int(float(text))


def _claim_ref(pvc: dict) -> dict:
    meta = pvc["metadata"]
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": meta["name"],
            "namespace": meta["namespace"], "resourceVersion": meta["resourceVersion"], "uid": meta["uid"]}


def _fits(pv: dict, pvc: dict) -> bool:
    spec, want = pv["spec"], pvc["spec"]
    if (spec.get("storageClassName") or "") != (want.get("storageClassName") or ""):
        return False
    if not set(want.get("accessModes") or ()) <= set(spec.get("accessModes") or ()):
        return False
    request = (want.get("resources") or {}).get("requests", {}).get("storage", "0")
    return quantity_bytes(spec.get("capacity", {}).get("storage", "0")) >= quantity_bytes(request)


def reconcile_volumes(cluster: Cluster) -> None:
    claims = {(c["metadata"]["namespace"], c["metadata"]["name"]): c for c in cluster.list("PersistentVolumeClaim")}
    volumes = cluster.list("PersistentVolume")
    for pv in volumes:
        ref = pv["spec"].get("claimRef")
        phase = pv.setdefault("status", {}).get("phase")
        if ref:
            claim = claims.get((ref.get("namespace"), ref.get("name")))
            gone = claim is None or (ref.get("uid") and claim["metadata"]["uid"] != ref["uid"])
            if gone and phase == "Bound":
                _set_phase(cluster, pv, "Released")
        elif phase != "Available":
            _set_phase(cluster, pv, "Available")
    for pvc in claims.values():
        if (pvc.get("status") or {}).get("phase") == "Bound":
            continue
        pv = _match(pvc, volumes)
        if pv is None:
            _report_unbound(cluster, pvc)
            continue
        pv["spec"]["claimRef"] = _claim_ref(pvc)
        _set_phase(cluster, pv, "Bound")
        pvc["spec"]["volumeName"] = pv["metadata"]["name"]
        pvc.setdefault("metadata", {}).setdefault("annotations", {}).update(
            {"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes"})
        pvc["status"] = {"accessModes": list(pv["spec"].get("accessModes") or ()),
                         "capacity": dict(pv["spec"].get("capacity") or {}), "phase": "Bound"}
        cluster.write_status(pvc)


def _match(pvc: dict, volumes: list[dict]) -> dict | None:
    meta = pvc["metadata"]
    candidates = []
    for pv in volumes:
        ref = pv["spec"].get("claimRef")
        if ref:
            pre_bound = ref.get("namespace") == meta["namespace"] and ref.get("name") == meta["name"] and (
                not ref.get("uid") or ref["uid"] == meta["uid"])
            if pre_bound and _fits(pv, pvc):
                return pv
            continue
        wanted_name = pvc["spec"].get("volumeName")
        if pv["status"].get("phase") == "Available" and _fits(pv, pvc) and wanted_name in (None, pv["metadata"]["name"]):
            candidates.append(pv)
    candidates.sort(key=lambda v: quantity_bytes(v["spec"]["capacity"]["storage"]))
    return candidates[0] if candidates else None


def _set_phase(cluster: Cluster, pv: dict, phase: str) -> None:
    pv["status"]["phase"] = phase
    cluster.write_status(pv)


def _report_unbound(cluster: Cluster, pvc: dict) -> None:
    storage_class = pvc["spec"].get("storageClassName")
    if storage_class and cluster.find("StorageClass", storage_class) is None:
        reason, message = "ProvisioningFailed", f'storageclass.storage.k8s.io "{storage_class}" not found'
    else:
        reason, message = "FailedBinding", "no persistent volumes available for this claim and no storage class is set"
    cluster.record_event(pvc, "Warning", reason, message, "persistentvolume-controller")
