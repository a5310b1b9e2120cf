"""The Prometheus and Jaeger APIs of the served twin: envelopes, errors, and the same figures as
AIOpsLab's get_metrics / get_traces CSVs for the same cluster."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from aoi.problems import get_problem
from aoi.twin.clock import EPOCH
from aoi.twin.cluster import Cluster
from aoi.twin.scenario import start_scenario
from aoi.twin.server.session import ServedTwin
from aoi.twin.server.telemetry_api import telemetry_routes
from aoi.twin.telemetry import METRICS, export_metrics, export_traces
from aoi.twin.telemetry.export import scrape_stamps

HOTEL = "test-hotel-reservation"
SHOP = "astronomy-shop"
PROM = "/prometheus/api/v1"
EPOCH_S = int(EPOCH.timestamp())


def served(problem_id: str, seconds: float) -> Iterator[tuple[Cluster, TestClient]]:
    problem = get_problem(problem_id)
    cluster = start_scenario(problem.app.value, problem.namespace, problem.fault, seed=0)
    cluster.advance(seconds)
    twin = ServedTwin(cluster, problem.namespace, step_seconds=0)  # a frozen clock: answers stay comparable
    with TestClient(Starlette(routes=telemetry_routes(twin))) as client:
        yield cluster, client


@pytest.fixture(scope="module")
def hotel() -> Iterator[tuple[Cluster, TestClient]]:
    yield from served("noop_detection_hotel_reservation-1", 40)


@pytest.fixture(scope="module")
def shop() -> Iterator[tuple[Cluster, TestClient]]:
    yield from served("astronomy_shop_ad_service_failure-detection-1", 600)


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="") as handle:
        return list(csv.reader(handle))[1:]


# ------------------------------------------------------------------------------- Prometheus
def test_query_range_over_an_export_window_returns_the_csv_rows(hotel, tmp_path):
    """AIOpsLab's export: one range query per metric, ``{namespace='<ns>'}`` at a 15 s step."""
    cluster, client = hotel
    folder = Path(re.search(r"directory: (\S+)", export_metrics(cluster, HOTEL, tmp_path, 5)).group(1))
    end = cluster.clock.now
    start = scrape_stamps(end - 300, end)[0]
    for name, _, _ in METRICS:
        answer = client.get(f"{PROM}/query_range", params={
            "query": f"{name}{{namespace='{HOTEL}'}}", "start": start + EPOCH_S, "end": end + EPOCH_S, "step": "15"})
        assert answer.status_code == 200 and answer.json()["data"]["resultType"] == "matrix"
        got = set()
        for series in answer.json()["data"]["result"]:
            labels = series["metric"]
            assert labels["__name__"] == name and labels["job"] == "kubernetes-nodes-cadvisor"
            kpi = f"{name}.{labels['interface']}" if "interface" in labels else name
            got |= {(ts, f"{labels['instance']}.{labels['pod']}", kpi, float(v)) for ts, v in series["values"]}
        want = {(int(t), cmdb, kpi, float(v)) for t, cmdb, kpi, v in rows(folder / "container" / f"kpi_{name}.csv")}
        assert got == want and want, name


def test_instant_queries_default_to_the_virtual_now(hotel):
    cluster, client = hotel
    query = f"sum by (pod) (rate(container_cpu_usage_seconds_total{{namespace='{HOTEL}'}}[1m]))"
    body = client.get(f"{PROM}/query", params={"query": query}).json()
    assert body["status"] == "success" and body["data"]["resultType"] == "vector"
    result = body["data"]["result"]
    pods = {pod["metadata"]["name"] for pod in cluster.list("Pod", HOTEL)}
    assert {r["metric"]["pod"] for r in result} == pods and all(set(r["metric"]) == {"pod"} for r in result)
    assert all(r["value"][0] == EPOCH_S + cluster.clock.now and float(r["value"][1]) > 0 for r in result)
    posted = client.post(f"{PROM}/query", data={"query": query})
    assert posted.json() == body
    scalar = client.get(f"{PROM}/query", params={"query": "2 * 3", "time": "1772442000.5"}).json()
    assert scalar["data"] == {"resultType": "scalar", "result": [1772442000.5, "6"]}


def test_times_and_steps_take_rfc3339_and_durations(hotel):
    cluster, client = hotel
    end = int(cluster.clock.now) // 60 * 60 + EPOCH_S
    unix = {"query": "count(container_threads)", "start": end - 60, "end": end, "step": 30}
    rfc = dict(unix, start=_rfc3339(end - 60), end=_rfc3339(end), step="30s")
    first, second = client.get(f"{PROM}/query_range", params=unix).json(), client.get(f"{PROM}/query_range",
                                                                                        params=rfc).json()
    assert first == second
    assert [ts for ts, _ in first["data"]["result"][0]["values"]] == [end - 60, end - 30, end]


def _rfc3339(unix: int) -> str:
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_labels_values_and_series(hotel):
    _, client = hotel
    labels = client.get(f"{PROM}/labels").json()["data"]
    assert {"__name__", "container", "image", "instance", "interface", "job", "namespace", "pod",
            "kubernetes_io_hostname"} <= set(labels) and labels == sorted(labels)
    names = client.get(f"{PROM}/label/__name__/values").json()["data"]
    assert names == sorted(name for name, _, _ in METRICS)
    series = client.get(f"{PROM}/series", params={"match[]": "container_threads{pod=~'geo-.*'}"}).json()["data"]
    assert len(series) == 1 and series[0]["pod"].startswith("geo-") and series[0]["container"] == "hotel-reserv-geo"
    network = client.get(f"{PROM}/series", params={"match[]": 'container_network_receive_bytes_total{pod=~"geo-.*"}'})
    assert network.json()["data"][0]["interface"] == "eth0" and "container" not in network.json()["data"][0]


@pytest.mark.parametrize(("path", "params", "status", "error"), [
    ("query_range", {"query": "up"}, 400, 'invalid parameter "start": cannot parse "" to a valid timestamp'),
    ("query_range", {"query": "up", "start": "1", "end": "2", "step": "x"}, 400,
     'invalid parameter "step": cannot parse "x" to a valid duration'),
    ("query_range", {"query": "up", "start": "10", "end": "5", "step": "1"}, 400,
     "end timestamp must not be before start time"),
    ("query_range", {"query": "up", "start": "0", "end": "100000", "step": "1"}, 400,
     "exceeded maximum resolution of 11,000 points per timeseries"),
    ("query_range", {"query": "up", "start": "0", "end": "10", "step": "0"}, 400,
     "zero or negative query resolution step widths are not accepted"),
    ("query_range", {"query": "up[5m]", "start": "0", "end": "10", "step": "1"}, 400,
     'invalid expression type "range vector" for range query'),
    ("query", {"query": "histogram_quantile(0.9, up)"}, 400,
     'invalid parameter "query": 1:1: parse error: function "histogram_quantile" is not supported'),
    ("query", {"query": "rate(up)"}, 400, 'expected type range vector in call to function "rate"'),
    ("query", {"query": "container_threads + on(namespace) container_threads"}, 422, "many-to-many matching"),
    ("query", {"query": "up", "time": "yesterday"}, 400, 'invalid parameter "time": cannot parse "yesterday"'),
    ("series", {}, 400, "no match[] parameter provided"),
    ("series", {"match[]": "sum(up)"}, 400, 'invalid parameter "match[]": 1:1: parse error'),
    ("label/1x/values", {}, 400, 'invalid label name: "1x"'),
])  # fmt: skip
def test_prometheus_errors(hotel, path, params, status, error):
    _, client = hotel
    answer = client.get(f"{PROM}/{path}", params=params)
    body = answer.json()
    assert answer.status_code == status and body["status"] == "error"
    assert body["errorType"] == ("bad_data" if status == 400 else "execution") and error in body["error"]


# ----------------------------------------------------------------------------------- Jaeger
def jaeger_rows(client: TestClient, base: str = "/jaeger/api") -> list[list[str]]:
    """AIOpsLab's get_traces: every service's traces over the last 5 minutes, flattened to CSV rows."""
    out = []
    for service in client.get(f"{base}/services").json()["data"]:
        for trace in client.get(f"{base}/traces", params={"service": service, "lookback": "300s"}).json()["data"]:
            for span in trace["spans"]:
                parent = next((r["spanID"] for r in span["references"] if r["refType"] == "CHILD_OF"), "ROOT")
                tags = {tag["key"]: tag["value"] for tag in span["tags"]}
                out.append([trace["traceID"], span["spanID"], parent,
                            trace["processes"][span["processID"]]["serviceName"], span["operationName"],
                            str(span["startTime"]), str(span["duration"]), str(tags.get("error") is True),
                            str(tags.get("http.status_code", "Unknown"))])
    return out


def test_aiopslab_trace_loop_reads_back_the_csv(hotel, tmp_path):
    cluster, client = hotel
    path = Path(export_traces(cluster, HOTEL, tmp_path, 5).removeprefix("Traces data exported to: "))
    expected = rows(path)
    assert expected and jaeger_rows(client) == expected
    assert jaeger_rows(client, "/jaeger/ui/api") == expected  # AstronomyShop's Jaeger base path


def test_services_operations_and_shapes(shop):
    _, client = shop
    services = client.get("/jaeger/api/services").json()
    assert set(services) == {"data", "total", "limit", "offset", "errors"} and services["errors"] is None
    assert "ad" in services["data"] and services["total"] == len(services["data"])
    assert services["data"] == sorted(services["data"]) and not any("kafka" in s for s in services["data"])
    ops = client.get("/jaeger/api/services/ad/operations").json()
    assert ops["data"] == ["oteldemo.AdService/GetAds"] and ops["total"] == 1
    found = client.get("/jaeger/api/traces", params={"service": "ad", "limit": 3}).json()
    assert found["total"] == 0 and len(found["data"]) == 3
    trace = found["data"][0]
    assert list(trace) == ["traceID", "spans", "processes", "warnings"] and re.fullmatch(r"[0-9a-f]{32}",
                                                                                         trace["traceID"])
    span = trace["spans"][0]
    assert list(span) == ["traceID", "spanID", "flags", "operationName", "references", "startTime", "duration",
                          "tags", "logs", "processID", "warnings"]
    assert span["references"] == [] and span["processID"] == "p1" and isinstance(span["startTime"], int)
    child = next(s for s in trace["spans"] if s["references"])
    assert child["references"][0] == {"refType": "CHILD_OF", "traceID": trace["traceID"],
                                      "spanID": child["references"][0]["spanID"]}
    process = trace["processes"]["p1"]
    assert process["serviceName"] == "frontend-proxy" and process["tags"][0]["key"] == "hostname"
    starts = [t["spans"][0]["startTime"] for t in found["data"]]
    assert starts == sorted(starts, reverse=True)  # newest first


def test_trace_by_id(shop):
    _, client = shop
    trace = client.get("/jaeger/api/traces", params={"service": "cart", "limit": 1}).json()["data"][0]
    again = client.get(f"/jaeger/api/traces/{trace['traceID']}").json()
    assert again["data"] == [trace] and again["errors"] is None
    both = client.get("/jaeger/api/traces", params=[("traceID", trace["traceID"])]).json()
    assert both["data"] == [trace]


def test_search_filters(shop):
    _, client = shop
    failed = client.get("/jaeger/api/traces", params={"service": "ad", "tags": json.dumps({"error": "true"})})
    data = failed.json()["data"]
    assert data and all(any(s["operationName"] == "oteldemo.AdService/GetAds" and
                            {"key": "error", "type": "bool", "value": True} in s["tags"] for s in t["spans"])
                        for t in data)
    slow = client.get("/jaeger/api/traces", params={"service": "frontend", "minDuration": "50ms", "limit": 5})
    assert all(any(s["duration"] >= 50_000 and t["processes"][s["processID"]]["serviceName"] == "frontend"
                   for s in t["spans"]) for t in slow.json()["data"])
    op = client.get("/jaeger/api/traces", params={"service": "cart", "operation": "nope"}).json()
    assert op["data"] == [] and op["errors"] is None


@pytest.mark.parametrize(("path", "params", "code", "message"), [
    ("/jaeger/api/traces", {}, 400, "parameter 'service' is required"),
    ("/jaeger/api/traces", {"service": "ad", "limit": "x"}, 400, 'strconv.ParseInt: parsing "x": invalid syntax'),
    ("/jaeger/api/traces", {"service": "ad", "start": "soon"}, 400, "unable to parse param 'start'"),
    ("/jaeger/api/traces", {"service": "ad", "lookback": "5 minutes"}, 400,
     "unable to parse param 'lookback': time: invalid duration \"5 minutes\""),
    ("/jaeger/api/traces", {"service": "ad", "tags": "{"}, 400, "malformed 'tags' parameter"),
    ("/jaeger/api/traces/zz", {}, 400, 'strconv.ParseUint: parsing "zz": invalid syntax'),
    ("/jaeger/api/traces/0123456789abcdef", {}, 404, "trace not found"),
])  # fmt: skip
def test_jaeger_errors(shop, path, params, code, message):
    _, client = shop
    answer = client.get(path, params=params)
    assert answer.status_code == code
    assert answer.json() == {"data": None, "total": 0, "limit": 0, "offset": 0,
                             "errors": [{"code": code, "msg": answer.json()["errors"][0]["msg"]}]}
    assert message in answer.json()["errors"][0]["msg"]
