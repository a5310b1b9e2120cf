"""get_metrics / get_traces on the twin: AIOpsLab's tree, columns and texts; determinism; top agrees."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from aoi.env.backends.twin import TwinBackend
from aoi.problems import get_problem
from aoi.twin.telemetry import METRIC_COLUMNS, METRICS, TRACE_COLUMNS

HOTEL = "test-hotel-reservation"


def started(tmp_path: Path, problem: str = "noop_detection_hotel_reservation-1", **kwargs) -> TwinBackend:
    backend = TwinBackend(workdir=tmp_path, **kwargs)
    backend.reset(get_problem(problem), 0)
    backend.cluster.advance(40)
    return backend


def table(path: Path) -> list[list[str]]:
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


def test_metrics_tree_columns_and_message(tmp_path):
    message = started(tmp_path).get_metrics(HOTEL, 5)
    folder = Path(re.search(r"directory: (\S+)", message).group(1))
    assert folder.parent == tmp_path / "metrics_output" and folder.name.startswith("metric_")
    files = sorted(p.name for p in (folder / "container").iterdir())
    assert files == sorted(f"kpi_{name}.csv" for name, _, _ in METRICS) and len(files) == 22
    assert (folder / "istio").is_dir() and not any((folder / "istio").iterdir())
    tree = "".join(f"        {name}\n" for name in files)
    assert message.endswith(f"Folder structure of exported metrics:\n{folder.name}/\n    container/\n{tree}    istio/\n")
    rx = table(folder / "container" / "kpi_container_network_receive_bytes_total.csv")
    assert tuple(rx[0]) == METRIC_COLUMNS
    assert {row[2] for row in rx[1:]} == {"container_network_receive_bytes_total.eth0"}
    stamps = sorted({int(row[0]) for row in rx[1:]})
    assert 2 <= len(stamps) <= 21 and all(b - a == 15 for a, b in zip(stamps, stamps[1:], strict=False))
    assert all(re.fullmatch(r"kind-worker\.[a-z0-9-]+", row[1]) for row in rx[1:])
    by_pod: dict[str, list[float]] = {}
    for row in table(folder / "container" / "kpi_container_cpu_usage_seconds_total.csv")[1:]:
        by_pod.setdefault(row[1], []).append(float(row[3]))
    assert all(values == sorted(values) for values in by_pod.values())  # counters never go down


def test_traces_columns_and_message(tmp_path):
    backend = started(tmp_path)
    message = backend.get_traces(HOTEL, 5)
    path = Path(message.removeprefix("Traces data exported to: "))
    assert path.parent == tmp_path / "trace_output" and re.fullmatch(r"traces_\d+\.csv", path.name)
    rows = table(path)
    assert tuple(rows[0]) == TRACE_COLUMNS and len(rows) > 100
    spans = [dict(zip(TRACE_COLUMNS, row, strict=True)) for row in rows[1:]]
    roots = [s for s in spans if s["parent_span"] == "ROOT"]
    assert roots and {s["service_name"] for s in roots} == {"frontend"}
    assert {s["response"] for s in roots} == {"200"} and {s["has_error"] for s in spans} <= {"True", "False"}
    assert all(re.fullmatch(r"[0-9a-f]{16}", s["trace_id"]) for s in spans)
    printed = backend.read_traces(str(path))
    assert printed.splitlines()[0].split() == list(TRACE_COLUMNS)


def test_same_seed_same_bytes_and_noise_off_is_smooth(tmp_path):
    a = started(tmp_path / "a")
    b = started(tmp_path / "b")
    pa = Path(a.get_traces(HOTEL, 5).split(": ", 1)[1])
    pb = Path(b.get_traces(HOTEL, 5).split(": ", 1)[1])
    assert pa.read_bytes() == pb.read_bytes()
    quiet = started(tmp_path / "c", noise="off")
    path = Path(quiet.get_traces(HOTEL, 5).split(": ", 1)[1])
    slowest = max(int(row[6]) for row in table(path)[1:])
    assert slowest < 200_000  # no background slow requests without noise
    with pytest.raises(ValueError, match="noise must be one of"):
        TwinBackend(noise="loud").reset(get_problem("noop_detection_hotel_reservation-1"), 0)


def test_kubectl_top_agrees_with_the_metrics(tmp_path):
    backend = started(tmp_path)
    message = backend.get_metrics(HOTEL, 1)
    folder = Path(re.search(r"directory: (\S+)", message).group(1))
    memory = {row[1].split(".", 1)[1]: int(float(row[3])) for row in
              table(folder / "container" / "kpi_container_memory_working_set_bytes.csv")[1:]}
    top = backend.exec_shell(f"kubectl top pods -n {HOTEL} --no-headers")
    for line in top.splitlines():
        name, _, mem = line.split()
        assert abs(int(mem.removesuffix("Mi")) - memory[name] // 2**20) <= 2, line


def test_flood_raises_frontend_load_and_chaos_heals(tmp_path):
    backend = started(tmp_path, "network_loss_hotel_res-detection-1")
    loss = backend.cluster.list("NetworkChaos", HOTEL)[0]
    assert loss["status"]["experiment"]["containerRecords"][0]["id"].startswith(f"{HOTEL}/user-")
    backend.cluster.advance(400)  # past the 200 s duration
    assert backend.cluster.list("NetworkChaos", HOTEL)[0]["status"]["experiment"]["desiredPhase"] == "Stop"
    from aoi.twin.telemetry import flow_for

    flow = flow_for(backend.cluster, HOTEL)
    assert not [w for w in flow.cond.chaos if w.active(backend.cluster.clock.now)]


def test_trace_quota_stops_early_without_changing_the_answer(tmp_path):
    """AstronomyShop's load never stops: a long window is cut at Jaeger's 100 traces per service,
    and what comes back is exactly what walking the whole window would return."""
    from aoi.twin.telemetry.flow import flow_for
    from aoi.twin.telemetry.traces import JAEGER_LIMIT, _untraced, sampled_traces

    backend = started(tmp_path, "astronomy_shop_ad_service_failure-detection-1")
    backend.cluster.advance(1800)
    end = backend.cluster.clock.now
    flow = flow_for(backend.cluster, "astronomy-shop")
    everything = sampled_traces(flow, end - 1800, end)
    capped = sampled_traces(flow, end - 1800, end, limit=JAEGER_LIMIT)
    assert len(capped) < len(everything)
    expected = []
    for service in sorted({span[3] for trace in everything for span in trace}):
        if not _untraced(service):
            touching = [trace for trace in everything if any(span[3] == service for span in trace)]
            expected.extend(span for trace in reversed(touching[-JAEGER_LIMIT:]) for span in trace)
    written = table(Path(backend.get_traces("astronomy-shop", 30).split(": ", 1)[1]))
    assert written[1:] == [[str(field) for field in span] for span in expected]
