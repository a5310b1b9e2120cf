"""``get_metrics`` over a Prometheus: AIOpsLab's export, written by the twin's CSV writers.

AIOpsLab's ``export_all_metrics`` asks ``query_range('<metric>{namespace="<ns>"}', step=15)`` for
each cAdvisor metric over the last ``duration`` minutes and writes one ``kpi_<metric>.csv`` per
metric that returned series; a row is ``timestamp, <instance>.<pod>, <metric>[.<interface>],
value``. The metric names are the twin's `METRICS` (AIOpsLab's list less the two its missing
comma fuses). The window ends at Prometheus' own "now" (an instant ``time()`` query), not at
ours, so a server whose clock differs from this machine's (skew, or the served twin's virtual
clock) still answers the window it holds; the folder is named after that moment (UTC). The start
is aligned to the 15 s step, as Prometheus aligns its scrapes.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

from aoi.twin.telemetry import METRICS
from aoi.twin.telemetry.export import folder_message, kpi_middle, metrics_folder, write_kpi_csv

from .http import JsonClient, Unreachable

__all__ = ["STEP_S", "export_metrics"]

STEP_S = 15  # AIOpsLab's query step


def export_metrics(base_url: str, namespace: str, workdir: Path, minutes: float, timeout_s: float) -> str:
    """Write the metric CSVs under ``workdir/metrics_output`` and return AIOpsLab's message."""
    with JsonClient("Prometheus", base_url, timeout_s) as prometheus:
        end = _server_time(prometheus)
        start = math.ceil((end - minutes * 60) / STEP_S) * STEP_S
        folder = metrics_folder(workdir, datetime.fromtimestamp(end, UTC))
        for name in dict.fromkeys(name for name, _kind, _interface in METRICS):
            query = f'{name}{{namespace="{namespace}"}}'
            body = prometheus.get("/api/v1/query_range", {"query": query, "start": start, "end": end,
                                                         "step": STEP_S})
            write_kpi_csv(folder, name, _rows(name, _result(body)))
    return folder_message(folder)


def _server_time(prometheus: JsonClient) -> float:
    result = _result(prometheus.get("/api/v1/query", {"query": "time()"}))
    try:
        return float(result[0])  # a scalar: [evaluation time, "value"]
    except (TypeError, ValueError, IndexError, KeyError):
        raise Unreachable(f"Error: Prometheus at {prometheus.base_url} answered time() with {result!r}") from None


def _result(body: dict) -> list:
    data = body.get("data")
    if body.get("status") != "success" or not isinstance(data, dict):
        raise Unreachable(f"Error: Prometheus answered {body.get('errorType', 'an error')}: "
                          f"{body.get('error', 'no data')}")
    return data.get("result") or []


def _rows(name: str, series: list[dict]) -> list[tuple[int, str, str]]:
    """(unix timestamp, `kpi_middle`, value) rows, series in cmdb_id order (`write_kpi_csv` sorts by time).

    Values stay the strings Prometheus sent (``"1114"``, ``"0.25"``), as AIOpsLab writes them."""
    keyed = []
    for one in series:
        labels = one.get("metric") or {}
        cmdb = f"{labels.get('instance', '')}.{labels.get('pod', '')}"
        kpi = f"{name}.{labels['interface']}" if labels.get("interface") else name
        keyed.append((cmdb, kpi_middle(cmdb, kpi), one.get("values") or []))
    keyed.sort(key=lambda item: item[0])
    return [(_stamp(t), middle, str(v)) for _cmdb, middle, values in keyed for t, v in values]


def _stamp(t: float) -> int:
    # Range queries at an aligned start and a whole step give whole seconds; AIOpsLab prints them so.
    return int(t) if float(t).is_integer() else t  # type: ignore[return-value]
