"""``kubectl describe pod`` and the Pod Template block of every workload describer."""

from __future__ import annotations

from collections.abc import Mapping

from .describe_common import (
    Writer,
    describe_events,
    print_annotations,
    print_labels,
    print_labels_annotations,
    print_name_namespace,
    print_tolerations,
)
from .describe_containers import describe_containers, describe_volumes, started
from .timefmt import age

__all__ = ["controlled_by", "describe_pod", "describe_pod_template"]


def controlled_by(obj: Mapping) -> str | None:
    for ref in obj["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return f"{ref.get('kind')}/{ref.get('name')}"
    return None


def describe_pod(w: Writer, pod: dict, events: list[dict], now: float) -> None:
    meta, spec, status = pod["metadata"], pod["spec"], pod.get("status") or {}
    print_name_namespace(w, meta)
    # The Priority admission plugin fills spec.priority on every pod; kubectl prints what is there.
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    node = spec.get("nodeName")
    w.write(0, f"Node:\t{node + '/' + status.get('hostIP', '') if node else '<none>'}\n")
    start = started(pod)
    if start:
        w.write(0, f"Start Time:\t{start}\n")
    print_labels_annotations(w, meta)
    if meta.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {age(meta['deletionTimestamp'], now)})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 30)}s\n")
    else:
        w.write(0, f"Status:\t{status.get('phase', 'Pending')}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    ips = status.get("podIPs") or ()
    if not ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    owner = controlled_by(pod)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        describe_containers(w, "Init Containers", spec["initContainers"],
                            status.get("initContainerStatuses") or [], pod)
    describe_containers(w, "Containers", spec.get("containers") or (), status.get("containerStatuses") or [], pod)
    conditions = status.get("conditions") or ()
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for cond in conditions:
            w.write(1, f"{cond.get('type')} \t{cond.get('status')} \n")
    describe_volumes(w, spec.get("volumes"))
    w.write(0, f"QoS Class:\t{status.get('qosClass', 'BestEffort')}\n")
    print_labels(w, "Node-Selectors", spec.get("nodeSelector"))
    print_tolerations(w, "Tolerations", spec.get("tolerations"))
    describe_events(w, events, now)


def describe_pod_template(w: Writer, template: Mapping | None) -> None:
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    # The indent is part of the title, as in kubectl: continuation lines start with a bare tab,
    # which shows when the template is printed without alignment (rollout history --revision).
    print_labels(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        print_annotations(w, "  Annotations", meta["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        describe_containers(w, "Init Containers", spec["initContainers"], None, None, space="  ")
    describe_containers(w, "Containers", spec.get("containers") or (), None, None, space="  ")
    describe_volumes(w, spec.get("volumes"), space="  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    print_labels(w, "  Node-Selectors", spec.get("nodeSelector"))
    print_tolerations(w, "  Tolerations", spec.get("tolerations"))
