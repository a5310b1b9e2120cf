"""``kubectl describe`` for Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .describe_common import (
    Writer,
    describe_events,
    go_list,
    print_labels,
    print_labels_annotations,
    print_name_namespace,
)
from .describe_pod import controlled_by, describe_pod_template
from .selectors import format_label_selector
from .timefmt import rfc1123z

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["describe_daemonset", "describe_deployment", "describe_job", "describe_replicaset",
           "describe_statefulset"]


def _header(w: Writer, obj: Mapping, created: bool = True) -> None:
    meta = obj["metadata"]
    print_name_namespace(w, meta)
    if created:
        w.write(0, f"CreationTimestamp:\t{rfc1123z(meta['creationTimestamp'])}\n")
    print_labels_annotations(w, meta)


def _owned(cluster: Cluster, kind: str, owner: Mapping) -> list[dict]:
    uid = owner["metadata"]["uid"]
    return [o for o in cluster.list(kind, owner["metadata"].get("namespace"))
            if any(r.get("uid") == uid and r.get("controller") for r in o["metadata"].get("ownerReferences") or ())]


def _pods_status(pods: list[dict]) -> str:
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in pods:
        phase = (pod.get("status") or {}).get("phase", "Pending")
        if phase in counts:
            counts[phase] += 1
    return (f"{counts['Running']} Running / {counts['Pending']} Waiting / {counts['Succeeded']} Succeeded / "
            f"{counts['Failed']} Failed")


def _conditions(w: Writer, conditions: list[Mapping], space: str = "") -> None:
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
    w.write(1, "----\t------\t------\n")
    for cond in conditions:
        w.write(1, f"{cond.get('type')} \t{cond.get('status')}\t{cond.get('reason', '')}\n")


def _replica_sets_text(sets: list[dict]) -> str:
    if not sets:
        return "<none>"
    return ", ".join(f"{rs['metadata']['name']} ({(rs.get('status') or {}).get('replicas', 0)}/"
                     f"{rs['spec'].get('replicas', 0)} replicas created)" for rs in sets)


def describe_deployment(w: Writer, deploy: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    spec, status = deploy["spec"], deploy.get("status") or {}
    _header(w, deploy)
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    desired = spec.get("replicas", 1)
    w.write(0, f"Replicas:\t{desired} desired | {status.get('updatedReplicas', 0)} updated | "
               f"{status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} available | "
               f"{status.get('unavailableReplicas', 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', 'RollingUpdate')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    if strategy.get("type", "RollingUpdate") == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        w.write(0, f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable', '25%')} max unavailable, "
                   f"{rolling.get('maxSurge', '25%')} max surge\n")
    describe_pod_template(w, spec.get("template"))
    _conditions(w, status.get("conditions") or [])
    old, new = _replica_sets(cluster, deploy)
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_replica_sets_text(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_replica_sets_text([new] if new else [])}\n")
    describe_events(w, events, now)


def _replica_sets(cluster: Cluster, deploy: dict) -> tuple[list[dict], dict | None]:
    """(every old ReplicaSet, the new one) as kubectl's deployment util finds them: oldest first
    (name breaks ties); the new one is the oldest whose template is the Deployment's, ignoring
    the pod-template-hash label."""
    sets = sorted(_owned(cluster, "ReplicaSet", deploy),
                  key=lambda r: (r["metadata"]["creationTimestamp"], r["metadata"]["name"]))
    wanted = _without_hash(deploy["spec"].get("template"))
    new = next((rs for rs in sets if _without_hash(rs["spec"].get("template")) == wanted), None)
    return [rs for rs in sets if rs is not new], new


def _without_hash(template: Mapping | None) -> dict:
    copied = copy.deepcopy(dict(template or {}))
    labels = (copied.get("metadata") or {}).get("labels")
    if labels:
        labels.pop("pod-template-hash", None)
    return copied


def describe_replicaset(w: Writer, rs: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta, spec, status = rs["metadata"], rs["spec"], rs.get("status") or {}
    print_name_namespace(w, meta)
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    print_labels_annotations(w, meta)
    owner = controlled_by(rs)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    w.write(0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    w.write(0, f"Pods Status:\t{_pods_status(_owned(cluster, 'Pod', rs))}\n")
    describe_pod_template(w, spec.get("template"))
    _conditions(w, status.get("conditions") or [])
    describe_events(w, events, now)


def describe_statefulset(w: Writer, sts: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta, spec, status = sts["metadata"], sts["spec"], sts.get("status") or {}
    print_name_namespace(w, meta)
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta['creationTimestamp'])}\n")
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    print_labels_annotations(w, meta)
    w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('replicas', 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    rolling = strategy.get("rollingUpdate") or {}
    if "partition" in rolling:
        w.write(1, f"Partition:\t{rolling['partition']}\n")
        if "maxUnavailable" in rolling:
            w.write(1, f"MaxUnavailable:\t{rolling['maxUnavailable']}\n")
    w.write(0, f"Pods Status:\t{_pods_status(_owned(cluster, 'Pod', sts))}\n")
    describe_pod_template(w, spec.get("template"))
    _volume_claims(w, spec.get("volumeClaimTemplates") or [])
    describe_events(w, events, now)


def _volume_claims(w: Writer, templates: list[Mapping]) -> None:
    if not templates:
        w.write(0, "Volume Claims:\t<none>\n")
        return
    w.write(0, "Volume Claims:\n")
    for pvc in templates:
        meta, spec = pvc.get("metadata") or {}, pvc.get("spec") or {}
        w.write(1, f"Name:\t{meta.get('name', '')}\n")
        w.write(1, f"StorageClass:\t{spec.get('storageClassName', '')}\n")
        print_labels(w, "Labels", meta.get("labels"), indent="  ")
        print_labels(w, "Annotations", meta.get("annotations"), indent="  ")  # as k=v, like labels
        capacity = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        w.write(1, f"Capacity:\t{capacity or '<default>'}\n")
        w.write(1, f"Access Modes:\t{go_list(spec.get('accessModes'))}\n")


def describe_daemonset(w: Writer, ds: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta, spec, status = ds["metadata"], ds["spec"], ds.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")  # kubectl's DaemonSet describer prints no namespace
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    node_selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector") or {}
    w.write(0, f"Node-Selector:\t{','.join(f'{k}={v}' for k, v in sorted(node_selector.items())) or '<none>'}\n")
    print_labels_annotations(w, meta)
    w.write(0, f"Desired Number of Nodes Scheduled: {status.get('desiredNumberScheduled', 0)}\n")
    w.write(0, f"Current Number of Nodes Scheduled: {status.get('currentNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Up-to-date Pods: {status.get('updatedNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Available Pods: {status.get('numberAvailable', 0)}\n")
    w.write(0, f"Number of Nodes Misscheduled: {status.get('numberMisscheduled', 0)}\n")
    w.write(0, f"Pods Status:\t{_pods_status(_owned(cluster, 'Pod', ds))}\n")
    describe_pod_template(w, spec.get("template"))
    describe_events(w, events, now)


def describe_job(w: Writer, job: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    meta, spec, status = job["metadata"], job["spec"], job.get("status") or {}
    print_name_namespace(w, meta)
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    print_labels_annotations(w, meta)
    w.write(0, f"Parallelism:\t{spec.get('parallelism', 1)}\n")
    w.write(0, f"Completions:\t{spec.get('completions', 1)}\n")
    w.write(0, f"Completion Mode:\t{spec.get('completionMode', 'NonIndexed')}\n")
    w.write(0, f"Suspend:\t{'true' if spec.get('suspend') else 'false'}\n")
    w.write(0, f"Backoff Limit:\t{spec.get('backoffLimit', 6)}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    if status.get("completionTime"):
        w.write(0, f"Completed At:\t{rfc1123z(status['completionTime'])}\n")
    w.write(0, f"Pods Statuses:\t{status.get('active', 0)} Active ({status.get('ready', 0)} Ready) / "
               f"{status.get('succeeded', 0)} Succeeded / {status.get('failed', 0)} Failed\n")
    describe_pod_template(w, spec.get("template"))
    describe_events(w, events, now)
