"""AIOpsLab's telemetry files and texts: `get_metrics` and `get_traces` answered from the flow model.

``get_metrics`` writes ``metrics_output/metric_<YYYYmmdd_HHMMSS>/container/kpi_<metric>.csv``
(columns ``timestamp,cmdb_id,kpi_name,value``; ``cmdb_id`` is ``<node>.<pod>``; network KPIs get
``.<interface>``) and an empty ``istio/`` folder, and returns the folder tree. ``get_traces``
queries every traced service's most recent traces (Jaeger's default limit, so a trace that
touches several services appears once per service, as AIOpsLab's loop produces) and writes
``trace_output/traces_<unix>.csv``. Everything is computed at call time from cluster state.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import EPOCH
from .flow import STEP, flow_for
from .metrics import METRICS, pod_series
from .traces import _UNTRACED, JAEGER_LIMIT, sampled_traces

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["METRIC_COLUMNS", "TRACE_COLUMNS", "export_metrics", "export_traces"]

METRIC_COLUMNS = ("timestamp", "cmdb_id", "kpi_name", "value")
TRACE_COLUMNS = (
    "trace_id", "span_id", "parent_span", "service_name", "operation_name",
    "start_time", "duration", "has_error", "response",
)  # fmt: skip
_EPOCH_S = int(EPOCH.timestamp())


def export_metrics(cluster: Cluster, namespace: str, workdir: Path, duration_minutes: float) -> str:
    """Write the metric CSVs under ``workdir/metrics_output`` and return AIOpsLab's message."""
    now = cluster.clock.datetime()
    folder = workdir / "metrics_output" / f"metric_{now.strftime('%Y%m%d_%H%M%S')}"
    (folder / "container").mkdir(parents=True, exist_ok=True)
    (folder / "istio").mkdir(exist_ok=True)
    flow = flow_for(cluster, namespace)
    if flow is not None:
        end = cluster.clock.now
        first = -(-int(end - duration_minutes * 60) // STEP) * STEP  # Prometheus aligns to the step
        stamps = list(range(first, int(end) + 1, STEP))
        peers: dict[str, int] = {}
        for pod in flow.cond.pods:
            peers[pod.service] = peers.get(pod.service, 0) + 1
        rows: dict[str, list[tuple]] = {name: [] for name, _, _ in METRICS}
        for pod in flow.cond.pods:
            cmdb = f"{pod.node}.{pod.name}"
            for name, values in pod_series(flow, pod, stamps, peers).items():
                rows[name].extend((t, cmdb, value) for t, value in values)
        for name, _kind, interface in METRICS:
            if not rows[name]:
                continue
            kpi = f"{name}.{interface}" if interface else name
            ordered = sorted(rows[name], key=lambda row: (row[0], row[1]))
            _write_csv(folder / "container" / f"kpi_{name}.csv", METRIC_COLUMNS,
                       ((t + _EPOCH_S, cmdb, kpi, value) for t, cmdb, value in ordered))
    return _folder_message(folder)


def export_traces(cluster: Cluster, namespace: str, workdir: Path, duration_minutes: float) -> str:
    """Write ``trace_output/traces_<unix>.csv`` under ``workdir`` and return AIOpsLab's message."""
    end = cluster.clock.now
    rows: list[tuple] = []
    flow = flow_for(cluster, namespace)
    if flow is not None:
        traces = sampled_traces(flow, end - duration_minutes * 60, end)
        services = sorted({span[3] for trace in traces for span in trace})
        for service in services:
            if any(k in service for k in _UNTRACED):
                continue
            touching = [trace for trace in traces if any(span[3] == service for span in trace)]
            for trace in reversed(touching[-JAEGER_LIMIT:]):  # newest first, as Jaeger returns them
                rows.extend(trace)
    folder = workdir / "trace_output"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"traces_{int(end) + _EPOCH_S}.csv"
    _write_csv(path, TRACE_COLUMNS, rows)
    return f"Traces data exported to: {path}"


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _folder_message(folder: Path) -> str:
    lines = [f"Metrics data exported to directory: {folder}", "", "Folder structure of exported metrics:"]
    # os.walk order is filesystem-dependent in AIOpsLab; sorted here so output is reproducible.
    lines.append(f"{folder.name}/")
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        lines.append(f"    {sub.name}/")
        lines.extend(f"        {f.name}" for f in sorted(sub.iterdir()) if f.is_file())
    return "\n".join(lines) + "\n"
