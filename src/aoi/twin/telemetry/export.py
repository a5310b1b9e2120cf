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
import io
from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import EPOCH
from .flow import STEP, flow_for
from .metrics import METRICS, pod_series
from .traces import JAEGER_LIMIT, _untraced, sampled_traces

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
        # Rows go out ordered by (timestamp, cmdb_id): pods in cmdb_id order, then a stable sort on time.
        pods = sorted(flow.cond.pods, key=lambda pod: f"{pod.node}.{pod.name}")
        rows: dict[str, list[tuple]] = {name: [] for name, _, _ in METRICS}
        kpis = {name: _csv_field(f"{name}.{interface}" if interface else name) for name, _, interface in METRICS}
        for pod in pods:
            cmdb = _csv_field(f"{pod.node}.{pod.name}")
            for name, values in pod_series(flow, pod, stamps, peers).items():
                middle = f",{cmdb},{kpis[name]},"
                rows[name].extend((t, middle, value) for t, value in values)
        for name, _kind, _interface in METRICS:
            if not rows[name]:
                continue
            rows[name].sort(key=itemgetter(0))
            # str(float) is repr(float), which is what csv.writer writes for numbers
            lines = [f"{t + _EPOCH_S}{middle}{value}\n" for t, middle, value in rows[name]]
            text = _csv_text([METRIC_COLUMNS]) + "".join(lines)
            (folder / "container" / f"kpi_{name}.csv").write_text(text, encoding="utf-8", newline="")
    return _folder_message(folder)


def export_traces(cluster: Cluster, namespace: str, workdir: Path, duration_minutes: float) -> str:
    """Write ``trace_output/traces_<unix>.csv`` under ``workdir`` and return AIOpsLab's message."""
    end = cluster.clock.now
    text: list[str] = []
    flow = flow_for(cluster, namespace)
    if flow is not None:
        traces = sampled_traces(flow, end - duration_minutes * 60, end, limit=JAEGER_LIMIT)
        touching: dict[str, list[int]] = {}
        for index, trace in enumerate(traces):
            for service in dict.fromkeys(span[3] for span in trace):
                touching.setdefault(service, []).append(index)
        rendered: dict[int, str] = {}  # a trace is listed once per service it touches; render it once
        for service in sorted(touching):
            if _untraced(service):
                continue
            for index in reversed(touching[service][-JAEGER_LIMIT:]):  # newest first, as Jaeger returns them
                if index not in rendered:
                    rendered[index] = _csv_text(traces[index])
                text.append(rendered[index])
    folder = workdir / "trace_output"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"traces_{int(end) + _EPOCH_S}.csv"
    path.write_text(_csv_text([TRACE_COLUMNS]) + "".join(text), encoding="utf-8", newline="")
    return f"Traces data exported to: {path}"


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    """``rows`` as `csv.writer` writes them (minimal quoting, ``\\n`` line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _csv_field(text: str) -> str:
    """One text field as `csv.writer` quotes it."""
    return _csv_text([[text]])[:-1] if text else text


def _folder_message(folder: Path) -> str:
    lines = [f"Metrics data exported to directory: {folder}", "", "Folder structure of exported metrics:"]
    # os.walk order is filesystem-dependent in AIOpsLab; sorted here so output is reproducible.
    lines.append(f"{folder.name}/")
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        lines.append(f"    {sub.name}/")
        lines.extend(f"        {f.name}" for f in sorted(sub.iterdir()) if f.is_file())
    return "\n".join(lines) + "\n"
