"""AIOpsLab's telemetry files and texts: `get_metrics` and `get_traces` answered from the flow model.

``get_metrics`` writes ``metrics_output/metric_<YYYYmmdd_HHMMSS>/container/kpi_<metric>.csv``
(columns ``timestamp,cmdb_id,kpi_name,value``; ``cmdb_id`` is ``<node>.<pod>``; network KPIs get
``.<interface>``) and an empty ``istio/`` folder, and returns the folder tree. ``get_traces``
queries every traced service's most recent traces (Jaeger's default limit, so a trace that
touches several services appears once per service, as AIOpsLab's loop produces) and writes
``trace_output/traces_<unix>.csv``. Everything is computed at call time from cluster state.

`pod_metric_series`, `scrape_stamps` and `traces_by_service` are the selections behind both
files; the twin's Prometheus and Jaeger HTTP APIs (`aoi.twin.server`) answer from them too, so
a query over the same window returns the figures the CSVs hold.

The file writers (`metrics_folder`, `write_kpi_csv`, `kpi_middle`, `folder_message`,
`write_traces_csv`) know only AIOpsLab's layouts, not the flow model: the real-cluster backend
(`aoi.env.kube`) writes what it reads from Prometheus and Jaeger through them too.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import EPOCH
from .flow import STEP, flow_for
from .metrics import METRICS, pod_series
from .traces import JAEGER_LIMIT, _untraced, sampled_traces

if TYPE_CHECKING:
    from ..cluster import Cluster
    from .conditions import PodRun
    from .flow import Flow
    from .traces import Span

__all__ = ["METRIC_COLUMNS", "TRACE_COLUMNS", "export_metrics", "export_traces", "folder_message", "kpi_middle",
           "metrics_folder", "pod_metric_series", "scrape_stamps", "traces_by_service", "write_kpi_csv",
           "write_traces_csv"]

METRIC_COLUMNS = ("timestamp", "cmdb_id", "kpi_name", "value")
TRACE_COLUMNS = (
    "trace_id", "span_id", "parent_span", "service_name", "operation_name",
    "start_time", "duration", "has_error", "response",
)  # fmt: skip
_EPOCH_S = int(EPOCH.timestamp())


def export_metrics(cluster: Cluster, namespace: str, workdir: Path, duration_minutes: float) -> str:
    """Write the metric CSVs under ``workdir/metrics_output`` and return AIOpsLab's message."""
    folder = metrics_folder(workdir, cluster.clock.datetime())
    flow = flow_for(cluster, namespace)
    if flow is not None:
        end = cluster.clock.now
        stamps = scrape_stamps(end - duration_minutes * 60, end)
        rows: dict[str, list[tuple]] = {name: [] for name, _, _ in METRICS}
        kpis = {name: f"{name}.{interface}" if interface else name for name, _, interface in METRICS}
        # Rows go out ordered by (timestamp, cmdb_id): pods in cmdb_id order, then a stable sort on time.
        for pod, series in pod_metric_series(flow, stamps):
            cmdb = f"{pod.node}.{pod.name}"
            for name, values in series.items():
                middle = kpi_middle(cmdb, kpis[name])
                rows[name].extend((t + _EPOCH_S, middle, value) for t, value in values)
        for name, _kind, _interface in METRICS:
            write_kpi_csv(folder, name, rows[name])
    return folder_message(folder)


def metrics_folder(workdir: Path, when: datetime) -> Path:
    """Create ``metrics_output/metric_<YYYYmmdd_HHMMSS>/`` with its ``container/`` and empty ``istio/``."""
    folder = workdir / "metrics_output" / f"metric_{when.strftime('%Y%m%d_%H%M%S')}"
    (folder / "container").mkdir(parents=True, exist_ok=True)
    (folder / "istio").mkdir(exist_ok=True)
    return folder


def kpi_middle(cmdb_id: str, kpi_name: str) -> str:
    """The ``,<cmdb_id>,<kpi_name>,`` between a row's timestamp and value, quoted as `csv.writer` does."""
    return f",{_csv_field(cmdb_id)},{_csv_field(kpi_name)},"


def write_kpi_csv(folder: Path, metric: str, rows: list[tuple[int, str, float | str]]) -> None:
    """Write ``container/kpi_<metric>.csv`` from (unix timestamp, `kpi_middle`, value) rows, stably
    sorted by timestamp (so rows given in cmdb_id order end up ordered by (timestamp, cmdb_id)).
    No rows, no file: AIOpsLab skips a metric its query found nothing for."""
    if not rows:
        return
    rows.sort(key=itemgetter(0))
    # str(float) is repr(float), which is what csv.writer writes for numbers
    lines = [f"{t}{middle}{value}\n" for t, middle, value in rows]
    text = _csv_text([METRIC_COLUMNS]) + "".join(lines)
    (folder / "container" / f"kpi_{metric}.csv").write_text(text, encoding="utf-8", newline="")


def scrape_stamps(start: float, end: float) -> list[int]:
    """The scrape times (clock seconds, multiples of the 15 s step) in [start, end]."""
    first = -(-int(start) // STEP) * STEP  # Prometheus aligns to the step
    return list(range(first, int(end) + 1, STEP))


def pod_metric_series(flow: Flow, stamps: list[int],
                      pods: Iterable[PodRun] | None = None) -> list[tuple[PodRun, dict[str, list[tuple]]]]:
    """Each pod's ``container_*`` rows (timestamp, value) per metric at ``stamps``, in cmdb_id order.

    ``pods`` narrows the pods computed (all of the flow's by default); replicas share their
    service's load whichever are asked for.
    """
    peers = Counter(pod.service for pod in flow.cond.pods)
    chosen = sorted(flow.cond.pods if pods is None else pods, key=lambda pod: f"{pod.node}.{pod.name}")
    return [(pod, pod_series(flow, pod, stamps, peers)) for pod in chosen]


def export_traces(cluster: Cluster, namespace: str, workdir: Path, duration_minutes: float) -> str:
    """Write ``trace_output/traces_<unix>.csv`` under ``workdir`` and return AIOpsLab's message."""
    end = cluster.clock.now
    spans: list[Sequence[object]] = []
    flow = flow_for(cluster, namespace)
    if flow is not None:
        traces = sampled_traces(flow, end - duration_minutes * 60, end, limit=JAEGER_LIMIT)
        by_service = traces_by_service(traces, JAEGER_LIMIT)
        for service in sorted(by_service):  # AIOpsLab asks Jaeger service by service
            for trace in by_service[service]:
                spans.extend(trace)
    return write_traces_csv(workdir, int(end) + _EPOCH_S, spans)


def write_traces_csv(workdir: Path, unix_time: int, spans: Iterable[Sequence[object]]) -> str:
    """Write ``trace_output/traces_<unix_time>.csv`` (one row per span, `TRACE_COLUMNS` in order)
    and return AIOpsLab's message."""
    folder = workdir / "trace_output"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"traces_{unix_time}.csv"
    path.write_text(_csv_text([TRACE_COLUMNS, *spans]), encoding="utf-8", newline="")
    return f"Traces data exported to: {path}"


def traces_by_service(traces: list[list[Span]], limit: int) -> dict[str, list[list[Span]]]:
    """What Jaeger's ``/api/traces?service=<s>&limit=<limit>`` returns for each traced service.

    ``traces`` oldest first (as `sampled_traces` gives them); per service, the newest ``limit``
    traces with a span of that service, newest first. Data stores have no spans of their own.
    """
    touching: dict[str, list[list[Span]]] = {}
    for trace in traces:
        for service in dict.fromkeys(span[3] for span in trace):
            if not _untraced(service):
                touching.setdefault(service, []).append(trace)
    return {service: found[::-1][:limit] for service, found in touching.items()}


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    """``rows`` as `csv.writer` writes them (minimal quoting, ``\\n`` line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _csv_field(text: str) -> str:
    """One text field as `csv.writer` quotes it."""
    return _csv_text([[text]])[:-1] if text else text


def folder_message(folder: Path) -> str:
    """AIOpsLab's answer to get_metrics: the folder, then its tree."""
    lines = [f"Metrics data exported to directory: {folder}", "", "Folder structure of exported metrics:"]
    # os.walk order is filesystem-dependent in AIOpsLab; sorted here so output is reproducible.
    lines.append(f"{folder.name}/")
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        lines.append(f"    {sub.name}/")
        lines.extend(f"        {f.name}" for f in sorted(sub.iterdir()) if f.is_file())
    return "\n".join(lines) + "\n"
