"""Metric and trace CSV export in AIOpsLab's file layout, from a plain description of the pods.

`get_metrics` in AIOpsLab queries Prometheus and writes
``metrics_output/metric_<YYYYmmdd_HHMMSS>/container/kpi_<metric>.csv`` (columns
``timestamp,cmdb_id,kpi_name,value``; ``cmdb_id`` is ``<instance>.<pod>``; network series get
``.<interface>`` appended to ``kpi_name``) plus an empty ``istio/`` folder, then returns the folder
tree. `get_traces` queries Jaeger and writes ``trace_output/traces_<unix>.csv``. This module
writes files of exactly that shape from `PodSample`s and `ServiceSample`s, with small,
deterministic, plausible series; it knows nothing about the twin, so a richer telemetry model
can replace it behind the same two functions.
"""

from __future__ import annotations

import csv
import random
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["PodSample", "ServiceSample", "export_metrics", "export_traces"]

STEP_SECONDS = 15  # AIOpsLab queries Prometheus at a 15 s step
METRIC_COLUMNS = ("timestamp", "cmdb_id", "kpi_name", "value")
TRACE_COLUMNS = (
    "trace_id", "span_id", "parent_span", "service_name", "operation_name",
    "start_time", "duration", "has_error", "response",
)  # fmt: skip
# (metric, kind, interface): counters grow from the container start, gauges wobble around a level.
_METRICS = (
    ("container_cpu_usage_seconds_total", "cpu", None),
    ("container_memory_usage_bytes", "memory", None),
    ("container_memory_working_set_bytes", "working_set", None),
    ("container_threads", "threads", None),
    ("container_network_receive_bytes_total", "rx", "eth0"),
    ("container_network_transmit_bytes_total", "tx", "eth0"),
)
TRACES_PER_EXPORT = 5


@dataclass(frozen=True)
class PodSample:
    """One pod as the metrics exporter sees it; ``started_at`` is unix seconds, None if not running."""

    name: str
    node: str
    started_at: float | None


@dataclass(frozen=True)
class ServiceSample:
    """One traced service; spans into a service that is not ``ready`` carry an error."""

    name: str
    ready: bool


def export_metrics(workdir: Path, pods: Iterable[PodSample], now: datetime, duration_minutes: float) -> str:
    """Write the metric CSVs under ``workdir/metrics_output`` and return AIOpsLab's message."""
    folder = workdir / "metrics_output" / f"metric_{now.astimezone(UTC).strftime('%Y%m%d_%H%M%S')}"
    (folder / "container").mkdir(parents=True, exist_ok=True)
    (folder / "istio").mkdir(exist_ok=True)
    end = int(now.timestamp())
    stamps = _window(end - duration_minutes * 60, end)
    running = [pod for pod in pods if pod.started_at is not None and pod.node]
    for metric, kind, interface in _METRICS:
        rows = [
            (
                t,
                f"{pod.node}.{pod.name}",
                f"{metric}.{interface}" if interface else metric,
                _value(kind, pod, t),
            )
            for pod in running
            for t in stamps
            if t >= (pod.started_at or 0)
        ]
        if rows:
            rows.sort(key=lambda row: (row[0], row[1]))
            _write_csv(folder / "container" / f"kpi_{metric}.csv", METRIC_COLUMNS, rows)
    return _folder_message(folder)


def export_traces(
    workdir: Path,
    services: Sequence[ServiceSample],
    entry: str | None,
    now: datetime,
    duration_minutes: float,
    seed: int,
) -> str:
    """Write ``trace_output/traces_<unix>.csv`` under ``workdir`` and return AIOpsLab's message.

    Each trace enters at ``entry`` (the app's front door; the first service when None) and calls
    two other services picked by a generator seeded from ``seed`` and the time.
    """
    end = int(now.timestamp())
    rng = random.Random(f"{seed}:{end}")
    rows: list[tuple] = []
    names = [s.name for s in services]
    if names:
        root = entry if entry in names else names[0]
        others = [s for s in services if s.name != root] or list(services)
        window = max(int(duration_minutes * 60), TRACES_PER_EXPORT)
        for i in range(TRACES_PER_EXPORT):
            start_us = (end - window + i * window // TRACES_PER_EXPORT) * 1_000_000 + rng.randrange(1_000_000)
            rows.extend(_trace(rng, root, rng.sample(others, min(2, len(others))), start_us))
    folder = workdir / "trace_output"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"traces_{end}.csv"
    _write_csv(path, TRACE_COLUMNS, rows)
    return f"Traces data exported to: {path}"


def _trace(rng: random.Random, root: str, callees: list[ServiceSample], start_us: int) -> list[tuple]:
    trace_id = f"{rng.getrandbits(64):016x}"
    root_span = f"{rng.getrandbits(64):016x}"
    children, offset, failed = [], 50, False
    for callee in callees:
        took = rng.randrange(300, 5_000)
        failed = failed or not callee.ready
        children.append(
            (trace_id, f"{rng.getrandbits(64):016x}", root_span, callee.name, f"/{callee.name}/call",
             start_us + offset, took, not callee.ready, "Unknown")
        )  # fmt: skip
        offset += took + 20
    head = (
        trace_id,
        root_span,
        "ROOT",
        root,
        "HTTP GET /",
        start_us,
        offset + 30,
        failed,
        500 if failed else 200,
    )
    return [head, *children]


def _window(start: float, end: int) -> list[int]:
    first = -(-int(start) // STEP_SECONDS) * STEP_SECONDS  # align to the step, as Prometheus does
    return list(range(first, end + 1, STEP_SECONDS))


def _value(kind: str, pod: PodSample, t: int) -> float:
    level = zlib.crc32(pod.name.encode()) % 1000 / 1000  # a per-pod constant in [0, 1)
    wobble = zlib.crc32(f"{pod.name}:{t}".encode()) % 100 / 100
    up = t - (pod.started_at or t)
    if kind == "cpu":
        return round(up * (0.01 + 0.09 * level), 3)
    if kind in ("memory", "working_set"):
        mib = 24 + 200 * level + 4 * wobble
        share = 1.0 if kind == "memory" else 0.85
        return float(int(mib * share * 1024 * 1024))
    if kind == "threads":
        return float(6 + int(30 * level))
    rate = 200 + 4000 * level if kind == "rx" else 150 + 3000 * level
    return float(int(up * rate))


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
