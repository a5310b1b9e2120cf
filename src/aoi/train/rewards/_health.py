"""Cluster health before and after a write, read through the oracles' `ClusterReader`.

"Worse" is what an SRE would call a regression: a Deployment that served (at least one
available replica) no longer does, or is gone; or more pods are unhealthy than before (the
strict oracle's pod check: not ready, crash-looping, unscheduled or failed). Deleting a healthy
Deployment is worse even though its pods vanish with it. "Better" is fewer unhealthy pods or
more serving Deployments, with nothing made worse.
"""

from __future__ import annotations

from dataclasses import dataclass

from aoi.problems import ClusterReader
from aoi.problems.oracles.pod_health import name_of, strict_unhealthy_pods

__all__ = ["Health", "health"]


@dataclass(frozen=True)
class Health:
    """What the namespace serves and how many of its pods are unhealthy."""

    serving: frozenset[str]  # Deployments with at least one available replica
    unhealthy_pods: int

    def worse_than(self, before: Health) -> bool:
        return bool(before.serving - self.serving) or self.unhealthy_pods > before.unhealthy_pods

    def better_than(self, before: Health) -> bool:
        gained = bool(self.serving - before.serving) or self.unhealthy_pods < before.unhealthy_pods
        return gained and not self.worse_than(before)


def health(reader: ClusterReader, namespace: str) -> Health:
    """The namespace's `Health` now."""
    serving = frozenset(
        name_of(d) for d in reader.list("Deployment", namespace)
        if ((d.get("status") or {}).get("availableReplicas") or 0) >= 1
    )  # fmt: skip
    return Health(serving, len(strict_unhealthy_pods(reader.list("Pod", namespace))))
