"""Metric and trace CSVs: AIOpsLab's layout, columns and messages, read back like pandas would."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

from aoi.env.backend import read_exported_csv
from aoi.env.telemetry_export import (
    METRIC_COLUMNS,
    TRACE_COLUMNS,
    PodSample,
    ServiceSample,
    export_metrics,
    export_traces,
)

NOW = datetime(2026, 3, 2, 9, 5, 0, tzinfo=UTC)
PODS = [
    PodSample("geo-5d8f7b9c4-x2x9q", "kind-worker", NOW.timestamp() - 600),
    PodSample("rate-7c9b8d6f5-mm4kq", "kind-worker", NOW.timestamp() - 60),  # started a minute ago
    PodSample("user-6f7d8c9b4-pq2rs", "", None),  # pending: no samples
]


def rows(path):
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


def test_metrics_layout_and_message(tmp_path):
    message = export_metrics(tmp_path, PODS, NOW, 5)
    folder = tmp_path / "metrics_output" / "metric_20260302_090500"
    files = sorted(p.name for p in (folder / "container").iterdir())
    assert (folder / "istio").is_dir() and not list((folder / "istio").iterdir())
    assert "kpi_container_cpu_usage_seconds_total.csv" in files
    expected_tree = "".join(f"        {name}\n" for name in files)
    assert message == (
        f"Metrics data exported to directory: {folder}\n\nFolder structure of exported metrics:\n"
        f"metric_20260302_090500/\n    container/\n{expected_tree}    istio/\n"
    )


def test_metric_rows_follow_pods_and_window(tmp_path):
    export_metrics(tmp_path, PODS, NOW, 5)
    folder = next((tmp_path / "metrics_output").iterdir()) / "container"
    cpu = rows(folder / "kpi_container_cpu_usage_seconds_total.csv")
    assert tuple(cpu[0]) == METRIC_COLUMNS
    by_pod: dict[str, list[int]] = {}
    for timestamp, cmdb_id, kpi, _ in cpu[1:]:
        assert kpi == "container_cpu_usage_seconds_total"
        by_pod.setdefault(cmdb_id, []).append(int(timestamp))
    assert set(by_pod) == {"kind-worker.geo-5d8f7b9c4-x2x9q", "kind-worker.rate-7c9b8d6f5-mm4kq"}
    assert len(by_pod["kind-worker.geo-5d8f7b9c4-x2x9q"]) == 21  # 5 minutes at a 15 s step, both ends
    assert min(by_pod["kind-worker.rate-7c9b8d6f5-mm4kq"]) >= NOW.timestamp() - 60
    network = rows(folder / "kpi_container_network_receive_bytes_total.csv")
    assert {row[2] for row in network[1:]} == {"container_network_receive_bytes_total.eth0"}
    # Counters never go down.
    geo = [float(v) for _, c, _, v in cpu[1:] if c.endswith("geo-5d8f7b9c4-x2x9q")]
    assert geo == sorted(geo) and geo[-1] > geo[0]


def test_traces_file_and_message(tmp_path):
    services = [ServiceSample("frontend", True), ServiceSample("geo", False), ServiceSample("search", True)]
    message = export_traces(tmp_path, services, "frontend", NOW, 5, seed=3)
    path = tmp_path / "trace_output" / f"traces_{int(NOW.timestamp())}.csv"
    assert message == f"Traces data exported to: {path}"
    table = rows(path)
    assert tuple(table[0]) == TRACE_COLUMNS
    spans = [dict(zip(TRACE_COLUMNS, row, strict=True)) for row in table[1:]]
    roots = [s for s in spans if s["parent_span"] == "ROOT"]
    assert roots and all(s["service_name"] == "frontend" for s in roots)
    for span in spans:
        if span["service_name"] == "geo":
            assert span["has_error"] == "True"  # geo is not ready
    assert export_traces(tmp_path, services, "frontend", NOW, 5, seed=3) == message
    assert rows(path) == table  # same seed and time, same spans


def test_traces_for_an_empty_namespace_are_a_header(tmp_path):
    export_traces(tmp_path, [], None, NOW, 5, seed=0)
    path = next((tmp_path / "trace_output").iterdir())
    assert read_exported_csv(str(path), "traces").startswith("Empty DataFrame\nColumns: [trace_id, span_id,")


def test_read_exported_csv_errors(tmp_path):
    assert read_exported_csv("/nope/x.csv", "metrics") == "error: Metrics file '/nope/x.csv' not found."
    assert read_exported_csv("rel.csv", "traces", base=tmp_path) == "error: Traces file 'rel.csv' not found."
    (tmp_path / "empty.csv").write_text("")
    assert read_exported_csv(str(tmp_path / "empty.csv"), "metrics") == (
        "Failed to read metrics: No columns to parse from file"
    )
    (tmp_path / "ok.csv").write_text("a,b\n1,x\n")
    assert read_exported_csv("ok.csv", "metrics", base=tmp_path) == " a b\n 1 x"
