"""The series the twin's Prometheus holds: cAdvisor's ``container_*`` of every app pod, as labelled series.

Samples come from the telemetry model through `telemetry.export.pod_metric_series`, the function
behind ``get_metrics``' CSVs, at the same 15 s scrape times (multiples of the step since
`clock.EPOCH`, up to the virtual now); a query over the window of an export sees the CSV's
values. Label sets follow what the Prometheus chart AIOpsLab installs (job
``kubernetes-nodes-cadvisor``) attaches to cAdvisor's series; the mapping is in
`telemetry_api`'s docstring. Every pod the flow model knows (running or crash-looping pods of
the app namespaces) has one series per metric; a container's series go stale at the first scrape
after it stops. Pods deleted from the cluster are forgotten, as the CSV export forgets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..clock import EPOCH
from ..telemetry import METRICS, flow_for
from ..telemetry.export import pod_metric_series, scrape_stamps
from ..telemetry.flow import STEP
from .promql_eval import Labels, Series

if TYPE_CHECKING:
    from ..cluster import Cluster
    from ..telemetry.conditions import PodRun
    from ..telemetry.flow import Flow
    from .promql_ast import Matcher

__all__ = ["JOB", "ClusterSeries", "SampleCache", "unix_ms", "virtual_s"]

JOB = "kubernetes-nodes-cadvisor"
_EPOCH_S = int(EPOCH.timestamp())


def unix_ms(virtual: float) -> int:
    """Clock seconds since `EPOCH` as Unix milliseconds."""
    return round((virtual + _EPOCH_S) * 1000)


def virtual_s(ms: int) -> float:
    return ms / 1000 - _EPOCH_S


@dataclass(frozen=True)
class _Target:
    """One metric of one pod: the labels it is stored under and where its samples come from."""

    labels: Labels
    namespace: str
    run: PodRun
    metric: str


class SampleCache:
    """Each namespace's last computed window of pod series, kept while the flow model (the cluster
    state) is the same: AIOpsLab's export asks the 22 metrics one by one over one window."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[Flow, tuple[int, ...], dict[str, dict[str, list[tuple]]]]] = {}

    def rows(self, namespace: str, flow: Flow, stamps: list[int], runs: list[PodRun]) -> dict[str, dict]:
        window = (stamps[0], stamps[-1]) if stamps else ()
        held = self._held.get(namespace)
        if held is None or held[0] is not flow or held[1] != window:
            held = self._held[namespace] = (flow, window, {})
        rows = held[2]
        missing = [run for run in runs if run.name not in rows]
        if missing and stamps:
            rows.update((run.name, series) for run, series in pod_metric_series(flow, stamps, missing))
        return rows


class ClusterSeries:
    """The twin's time-series database as of ``cluster``'s state now: a `promql_eval.SeriesSource`."""

    def __init__(self, cluster: Cluster, cache: SampleCache) -> None:
        self.cluster, self.cache = cluster, cache
        self.now = cluster.clock.now
        self._flows: dict[str, Flow] = {}
        for ns in cluster.list("Namespace"):
            flow = flow_for(cluster, ns["metadata"]["name"])
            if flow is not None:
                self._flows[ns["metadata"]["name"]] = flow
        self.targets = [t for ns, flow in self._flows.items() for run in flow.cond.pods
                        for t in self._pod_targets(ns, run)]

    def _pod_targets(self, namespace: str, run: PodRun) -> list[_Target]:
        pod = self.cluster.find("Pod", run.name, namespace) or {}
        node = self.cluster.find("Node", run.node) or {}
        base = {_sanitize(k): v for k, v in (node.get("metadata", {}).get("labels") or {}).items() if v}
        base |= {"instance": run.node, "job": JOB, "namespace": namespace, "pod": run.name}
        first = ((pod.get("spec") or {}).get("containers") or [{}])[0]
        container = {"container": first.get("name", ""), "image": first.get("image", "")}
        out = []
        for name, _kind, interface in METRICS:
            # Network counters belong to the pod's sandbox cgroup: no container, one series per interface.
            labels = base | ({"interface": interface} if interface else container) | {"__name__": name}
            out.append(_Target(tuple(sorted((k, v) for k, v in labels.items() if v)), namespace, run, name))
        return out

    def label_sets(self, selectors: list[tuple[Matcher, ...]], start_ms: int, end_ms: int) -> list[Labels]:
        """The label sets of series with samples in the window that any selector matches (all without)."""
        start, end = virtual_s(start_ms), min(virtual_s(end_ms), self.now)
        return sorted({t.labels for t in self.targets if _alive(t.run, start, end)
                       and (not selectors or any(_matches(m, t.labels) for m in selectors))})

    def select(self, matchers: tuple[Matcher, ...], start_ms: int, end_ms: int) -> list[Series]:
        chosen = [t for t in self.targets if _matches(matchers, t.labels)]
        stamps = scrape_stamps(virtual_s(start_ms), min(virtual_s(end_ms), self.now))
        out = []
        for ns in dict.fromkeys(t.namespace for t in chosen):
            runs = list({t.run.name: t.run for t in chosen if t.namespace == ns}.values())
            rows = self.cache.rows(ns, self._flows[ns], stamps, runs)
            for target in (t for t in chosen if t.namespace == ns):
                samples = rows[target.run.name][target.metric]
                if samples:
                    out.append(_series(target.labels, samples, stamps))
        return out


def _series(labels: Labels, samples: list[tuple], stamps: list[int]) -> Series:
    seen = {t for t, _ in samples}
    # A scrape that finds the container gone writes a staleness marker (the series ends there).
    stale = [unix_ms(b) for a, b in zip(stamps, stamps[1:], strict=False) if a in seen and b not in seen]
    return Series(labels, [unix_ms(t) for t, _ in samples], [float(v) for _, v in samples], stale)


def _matches(matchers: tuple[Matcher, ...], labels: Labels) -> bool:
    found = dict(labels)
    return all(m.matches(found.get(m.name, "")) for m in matchers)


def _alive(run: PodRun, start: float, end: float) -> bool:
    """Whether a scrape in [start, end] saw one of the pod's container runs."""
    return any(begin <= end and stop > start - STEP for begin, stop in run.runs)


def _sanitize(name: str) -> str:
    """Kubernetes service discovery's label names: what Prometheus does not allow becomes ``_``."""
    return re.sub(r"[^a-zA-Z0-9_]", "_", name)
