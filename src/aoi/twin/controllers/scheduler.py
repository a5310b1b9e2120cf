"""The scheduler: binds pending pods to a node, or leaves them Pending with the real reasons.

Filters, in kube-scheduler's words: node selectors, untolerated taints, and PVCs that are missing
or not yet bound. The FailedScheduling message is assembled exactly like the real one.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .nodes import POD_CIDRS, node_ip

if TYPE_CHECKING:
    from ..cluster import Cluster

_SELECTOR = "node(s) didn't match Pod's node affinity/selector"


def _tolerates(pod: dict, taint: dict) -> bool:
    for tol in pod["spec"].get("tolerations") or ():
        if tol.get("operator") == "Exists" and not tol.get("key"):
            return True
        if tol.get("key") == taint.get("key") and tol.get("effect") in (None, "", taint.get("effect")):
            return True
    return False


def _volume_problem(cluster: Cluster, pod: dict) -> str | None:
    namespace = pod["metadata"]["namespace"]
    for volume in pod["spec"].get("volumes") or ():
        claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
        if not claim:
            continue
        pvc = cluster.find("PersistentVolumeClaim", claim, namespace)
        if pvc is None:
            return f'persistentvolumeclaim "{claim}" not found'
        if (pvc.get("status") or {}).get("phase") != "Bound":
            return "pod has unbound immediate PersistentVolumeClaims"
    return None


def _reasons(pod: dict, nodes: list[dict]) -> tuple[dict | None, Counter]:
    selector = pod["spec"].get("nodeSelector") or {}
    reasons: Counter = Counter()
    for node in nodes:
        # kube-scheduler's filter order: TaintToleration runs before NodeAffinity.
        taint = next(
            (t for t in node["spec"].get("taints") or () if t.get("effect") in ("NoSchedule", "NoExecute")
             and not _tolerates(pod, t)),
            None,
        )
        if taint is not None:
            reasons[f"node(s) had untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"] += 1
            continue
        labels = node["metadata"].get("labels") or {}
        if any(labels.get(k) != v for k, v in selector.items()):
            reasons[_SELECTOR] += 1
            continue
        return node, reasons
    return None, reasons


def failed_scheduling_message(total: int, reasons: Counter | str) -> str:
    if isinstance(reasons, str):
        body = reasons
    else:
        body = ", ".join(sorted(f"{n} {reason}" for reason, n in reasons.items()))
    return (
        f"0/{total} nodes are available: {body}. preemption: 0/{total} nodes are available: "
        f"{total} Preemption is not helpful for scheduling."
    )


def reconcile_scheduling(cluster: Cluster) -> None:
    nodes = cluster.list("Node")
    for pod in cluster.list("Pod"):
        if pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp"):
            continue
        problem = _volume_problem(cluster, pod)
        node, reasons = (None, Counter()) if problem else _reasons(pod, nodes)
        if node is None:
            message = failed_scheduling_message(len(nodes), problem or reasons)
            _mark_unschedulable(cluster, pod, message)
            continue
        bind(cluster, pod, node["metadata"]["name"])


def _mark_unschedulable(cluster: Cluster, pod: dict, message: str) -> None:
    status = pod.setdefault("status", {})
    conditions = status.get("conditions") or []
    current = next((c for c in conditions if c["type"] == "PodScheduled"), None)
    if current and current.get("message") == message:
        return
    status["phase"] = "Pending"
    status["conditions"] = [{
        "lastProbeTime": None,
        "lastTransitionTime": cluster.clock.rfc3339(),
        "message": message,
        "reason": "Unschedulable",
        "status": "False",
        "type": "PodScheduled",
    }]
    cluster.write_status(pod)
    cluster.record_event(pod, "Warning", "FailedScheduling", message, "default-scheduler")


def bind(cluster: Cluster, pod: dict, node_name: str) -> None:
    pod["spec"]["nodeName"] = node_name
    status = pod.setdefault("status", {})
    status["hostIP"] = node_ip(node_name)
    status["hostIPs"] = [{"ip": status["hostIP"]}]
    ip = _pod_ip(cluster, pod, node_name)
    status["podIP"] = ip
    status["podIPs"] = [{"ip": ip}]
    cluster.write_status(pod)
    meta = pod["metadata"]
    cluster.record_event(
        pod, "Normal", "Scheduled",
        f"Successfully assigned {meta['namespace']}/{meta['name']} to {node_name}", "default-scheduler",
    )


def _pod_ip(cluster: Cluster, pod: dict, node_name: str) -> str:
    if pod["spec"].get("hostNetwork"):
        return node_ip(node_name)
    counters = cluster.controller_state.setdefault("pod-ips", {})
    base = POD_CIDRS.get(node_name, "10.244.1.0/24").rsplit(".", 1)[0]
    index = counters.get(node_name, 1) + 1
    if index > 254:
        index = 2
    counters[node_name] = index
    return f"{base}.{index}"
