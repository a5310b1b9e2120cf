"""Deployment and ReplicaSet controllers: templates become ReplicaSets, ReplicaSets become pods.

Rolling updates follow the Deployment's maxSurge/maxUnavailable, so a bad new template leaves
the old pod serving next to a crash-looping new one, exactly as on a real cluster.
"""

from __future__ import annotations

import copy
import math
from collections import defaultdict
from typing import TYPE_CHECKING

from ..naming import random_suffix, template_hash
from .podstatus import is_available, is_ready

if TYPE_CHECKING:
    from ..cluster import Cluster

REVISION = "deployment.kubernetes.io/revision"
_RS_ANNOTATIONS = ("deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas")
# Annotations the deployment controller keeps to itself rather than copying onto the new ReplicaSet.
NOT_COPIED = frozenset({"kubectl.kubernetes.io/last-applied-configuration", REVISION,
                        "deployment.kubernetes.io/revision-history", *_RS_ANNOTATIONS,
                        "deprecated.deployment.rollback.to"})


def owner_ref(owner: dict) -> dict:
    return {
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }


def owned_by(objs: list[dict]) -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = defaultdict(list)
    for obj in objs:
        for ref in obj["metadata"].get("ownerReferences") or ():
            if ref.get("controller"):
                index[ref["uid"]].append(obj)
    return index


def _scaled(value: object, total: int, round_up: bool) -> int:
    if isinstance(value, str) and value.endswith("%"):
        exact = total * int(value[:-1]) / 100
        return math.ceil(exact) if round_up else math.floor(exact)
    return int(value or 0)


def _rs_template_key(rs: dict) -> str:
    return rs["metadata"]["labels"].get("pod-template-hash", "")


def _new_replicaset(cluster: Cluster, deploy: dict, pod_hash: str, revision: int) -> dict:
    template = copy.deepcopy(deploy["spec"]["template"])
    template["metadata"].setdefault("labels", {})["pod-template-hash"] = pod_hash
    selector = copy.deepcopy(deploy["spec"].get("selector") or {"matchLabels": {}})
    selector.setdefault("matchLabels", {})["pod-template-hash"] = pod_hash
    name = deploy["metadata"]["name"]
    rs = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {
            "name": f"{name}-{pod_hash}",
            "namespace": deploy["metadata"]["namespace"],
            "labels": dict(template["metadata"]["labels"]),
            "annotations": {**{k: v for k, v in (deploy["metadata"].get("annotations") or {}).items()
                               if k not in NOT_COPIED}, REVISION: str(revision)},
            "ownerReferences": [owner_ref(deploy)],
        },
        "spec": {"replicas": 0, "selector": selector, "template": template},
        "status": {"replicas": 0, "observedGeneration": 1},
    }
    return cluster.create(rs)


def reconcile_deployments(cluster: Cluster) -> None:
    rs_by_owner = owned_by(cluster.list("ReplicaSet"))
    pods_by_owner = owned_by(cluster.list("Pod"))
    for deploy in cluster.list("Deployment"):
        _reconcile_deployment(cluster, deploy, rs_by_owner[deploy["metadata"]["uid"]], pods_by_owner)


def _reconcile_deployment(cluster: Cluster, deploy: dict, sets: list[dict], pods_by_owner: dict) -> None:
    spec = deploy["spec"]
    desired = int(spec.get("replicas", 1))
    pod_hash = _template_hash(cluster, deploy)
    new = next((rs for rs in sets if _rs_template_key(rs) == pod_hash), None)
    revisions = [int(rs["metadata"].get("annotations", {}).get(REVISION, "0")) for rs in sets]
    top = max(revisions, default=0)
    if new is None:
        new = _new_replicaset(cluster, deploy, pod_hash, top + 1)
        sets = [*sets, new]
    elif int(new["metadata"]["annotations"].get(REVISION, "0")) < top:
        new["metadata"]["annotations"][REVISION] = str(top + 1)  # rollback re-uses an old ReplicaSet
    if _copy_annotations(deploy, new):
        cluster.write_status(new)
    old = [rs for rs in sets if rs is not new]
    revision = new["metadata"]["annotations"][REVISION]
    if deploy["metadata"].setdefault("annotations", {}).get(REVISION) != revision:
        deploy["metadata"]["annotations"][REVISION] = revision

    def pods(rs: dict) -> list[dict]:
        return pods_by_owner.get(rs["metadata"]["uid"], [])

    if not spec.get("paused"):
        if spec["strategy"].get("type") == "Recreate":
            for rs in old:
                _set_replicas(cluster, rs, 0, deploy)
            if not any(pods(rs) for rs in old):
                _set_replicas(cluster, new, desired, deploy)
        else:
            rolling = spec["strategy"].get("rollingUpdate") or {}
            surge = _scaled(rolling.get("maxSurge", "25%"), desired, round_up=True)
            unavailable = _scaled(rolling.get("maxUnavailable", "25%"), desired, round_up=False)
            if surge == 0 and unavailable == 0:
                unavailable = 1
            old_total = sum(int(rs["spec"]["replicas"]) for rs in old)
            target_new = min(desired, max(int(new["spec"]["replicas"]), desired + surge - old_total))
            _set_replicas(cluster, new, max(target_new, 0), deploy)
            available = sum(1 for rs in sets for p in pods(rs) if is_available(p))
            spare = available - (desired - unavailable)
            for rs in sorted(old, key=lambda r: r["metadata"]["creationTimestamp"]):
                current = int(rs["spec"]["replicas"])
                unready = sum(1 for p in pods(rs) if not is_available(p))
                cut = min(current, unready + max(spare, 0))
                spare -= max(cut - unready, 0)
                _set_replicas(cluster, rs, current - cut, deploy)
    _write_deployment_status(cluster, deploy, new, sets, pods, desired)


def _copy_annotations(deploy: dict, rs: dict) -> bool:
    """Copy the Deployment's annotations (but `NOT_COPIED`) onto its new ReplicaSet, as the
    deployment controller does on every sync; nothing is ever removed. True if any changed."""
    target = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in (deploy["metadata"].get("annotations") or {}).items():
        if key not in NOT_COPIED and target.get(key) != value:
            target[key] = value
            changed = True
    return changed


def _template_hash(cluster: Cluster, deploy: dict) -> str:
    """The pod-template-hash, recomputed only when the spec changed (its generation moved)."""
    cache = cluster.controller_state.setdefault("template-hashes", {})
    meta = deploy["metadata"]
    key = (meta["uid"], meta.get("generation", 1))
    cached = cache.get(meta["uid"])
    if cached and cached[0] == key:
        return cached[1]
    template = copy.deepcopy(deploy["spec"]["template"])
    template.get("metadata", {}).get("labels", {}).pop("pod-template-hash", None)
    value = template_hash(template)
    cache[meta["uid"]] = (key, value)
    return value


def _set_replicas(cluster: Cluster, rs: dict, replicas: int, deploy: dict | None = None) -> None:
    current = int(rs["spec"]["replicas"])
    if current != replicas:
        if deploy is not None:
            direction = "up" if replicas > current else "down"
            cluster.record_event(deploy, "Normal", "ScalingReplicaSet",
                                 f"Scaled {direction} replica set {rs['metadata']['name']} from {current} to {replicas}",
                                 "deployment-controller")
        rs["spec"]["replicas"] = replicas
        rs["metadata"]["generation"] = rs["metadata"].get("generation", 1) + 1
        cluster.write_status(rs)


def _write_deployment_status(cluster, deploy, new, sets, pods, desired) -> None:
    all_pods = [p for rs in sets for p in pods(rs)]
    ready = sum(1 for p in all_pods if is_ready(p))
    available = sum(1 for p in all_pods if is_available(p))
    updated = len(pods(new))
    rolling = deploy["spec"]["strategy"].get("rollingUpdate") or {}
    max_unavailable = _scaled(rolling.get("maxUnavailable", "25%"), desired, round_up=False)
    status: dict = {"observedGeneration": deploy["metadata"].get("generation", 1)}
    if all_pods:
        status["replicas"] = len(all_pods)
        status["updatedReplicas"] = updated
    if ready:
        status["readyReplicas"] = ready
    if available:
        status["availableReplicas"] = available
    if desired - available > 0:
        status["unavailableReplicas"] = desired - available
    now = cluster.clock.rfc3339()
    old_conditions = {c["type"]: c for c in (deploy.get("status") or {}).get("conditions", [])}
    has_minimum = available >= desired - max_unavailable
    new_name = new["metadata"]["name"]
    complete = updated == desired and available >= desired and len(all_pods) == desired
    wanted = [
        ("Available", "True" if has_minimum else "False",
         "MinimumReplicasAvailable" if has_minimum else "MinimumReplicasUnavailable",
         "Deployment has minimum availability." if has_minimum
         else "Deployment does not have minimum availability."),
        ("Progressing", "True",
         "NewReplicaSetAvailable" if complete else "ReplicaSetUpdated",
         f'ReplicaSet "{new_name}" has successfully progressed.' if complete
         else f'ReplicaSet "{new_name}" is progressing.'),
    ]
    conditions = []
    for ctype, cstatus, reason, message in wanted:
        prev = old_conditions.get(ctype)
        transition = prev["lastTransitionTime"] if prev and prev["status"] == cstatus else now
        update = prev["lastUpdateTime"] if prev and prev["reason"] == reason and prev["message"] == message else now
        conditions.append({"lastTransitionTime": transition, "lastUpdateTime": update, "message": message,
                           "reason": reason, "status": cstatus, "type": ctype})
    status["conditions"] = conditions
    if deploy.get("status") != status:
        deploy["status"] = status
        cluster.write_status(deploy)


def reconcile_replicasets(cluster: Cluster) -> None:
    pods_by_owner = owned_by(cluster.list("Pod"))
    for rs in cluster.list("ReplicaSet"):
        owned = pods_by_owner.get(rs["metadata"]["uid"], [])
        want = int(rs["spec"]["replicas"])
        if len(owned) < want:
            for _ in range(want - len(owned)):
                owned.append(_create_pod(cluster, rs))
        elif len(owned) > want:
            # Like the ReplicaSet controller: unscheduled, then unready, then youngest pods go first.
            owned.sort(key=lambda p: (bool(p["spec"].get("nodeName")), is_ready(p),
                                      -_created(p)))
            for pod in owned[: len(owned) - want]:
                cluster.delete("Pod", pod["metadata"]["name"], pod["metadata"]["namespace"])
                cluster.record_event(rs, "Normal", "SuccessfulDelete",
                                     f"Deleted pod: {pod['metadata']['name']}", "replicaset-controller")
            owned = owned[len(owned) - want:]
        status = {
            "replicas": len(owned),
            "fullyLabeledReplicas": len(owned),
            "readyReplicas": sum(1 for p in owned if is_ready(p)),
            "availableReplicas": sum(1 for p in owned if is_available(p)),
            "observedGeneration": rs["metadata"].get("generation", 1),
        }
        status = {k: v for k, v in status.items() if v or k in ("replicas", "observedGeneration")}
        if rs.get("status") != status:
            rs["status"] = status
            cluster.write_status(rs)


def _created(pod: dict) -> float:
    from ..clock import parse_rfc3339

    return parse_rfc3339(pod["metadata"]["creationTimestamp"])


def _create_pod(cluster: Cluster, rs: dict) -> dict:
    template = copy.deepcopy(rs["spec"]["template"])
    name = f"{rs['metadata']['name']}-{random_suffix(cluster.rng)}"
    meta = template.get("metadata", {})
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "generateName": f"{rs['metadata']['name']}-",
            "namespace": rs["metadata"]["namespace"],
            "labels": dict(meta.get("labels", {})),
            **({"annotations": dict(meta["annotations"])} if meta.get("annotations") else {}),
            "ownerReferences": [owner_ref(rs)],
        },
        "spec": template["spec"],
        "status": {"phase": "Pending", "qosClass": _qos_class(template["spec"])},
    }
    created = cluster.create(pod)
    cluster.record_event(rs, "Normal", "SuccessfulCreate", f"Created pod: {name}", "replicaset-controller")
    return created


def _qos_class(spec: dict) -> str:
    containers = spec.get("containers") or []
    resources = [c.get("resources") or {} for c in containers]
    if not any(r.get("requests") or r.get("limits") for r in resources):
        return "BestEffort"
    guaranteed = all(
        r.get("limits", {}).get(k) and r.get("requests", r.get("limits", {})).get(k) == r["limits"][k]
        for r in resources
        for k in ("cpu", "memory")
    )
    return "Guaranteed" if guaranteed else "Burstable"
