"""The ``scale`` subresource of deployments, replica sets and stateful sets (autoscaling/v1 Scale).

``kubectl scale`` reads and patches it instead of the workload; writes land on the workload's
``spec.replicas``, so the controllers react as to any other spec change.
"""

from __future__ import annotations

from ..kubectl.selectors import format_label_selector

__all__ = ["replicas_from_scale", "scale_of"]


def scale_of(obj: dict) -> dict:
    """The Scale object of a workload."""
    meta = obj["metadata"]
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    selector = format_label_selector(spec.get("selector"))
    return {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {key: meta[key] for key in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
                     if key in meta},
        "spec": {"replicas": int(spec.get("replicas", 1))},
        "status": {"replicas": int(status.get("replicas", 0)),
                   "selector": "" if selector == "<none>" else selector},
    }


def replicas_from_scale(scale: object) -> int | None:
    """``spec.replicas`` of a Scale body, or None when it has none (or not a whole number)."""
    if not isinstance(scale, dict):
        return None
    replicas = (scale.get("spec") or {}).get("replicas")
    return replicas if isinstance(replicas, int) and not isinstance(replicas, bool) else None
