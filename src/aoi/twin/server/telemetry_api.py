"""The twin's telemetry over HTTP: a Prometheus API under ``/prometheus`` and a Jaeger query API
under ``/jaeger``, served beside the Kubernetes API (``app.py`` mounts `telemetry_routes`).

Both read the telemetry model that ``get_metrics``/``get_traces`` export, so a PromQL query or a
trace search over the window of an export returns that export's figures. Handlers are plain
functions of the request's parameters returning (status, JSON body) (`promql_api`,
`jaeger_api`); `json_endpoint` runs one on a worker thread holding ``twin.lock`` after
``twin.before_request`` and encodes the body before the lock is let go.

Routes: ``/prometheus/api/v1/{query,query_range,labels,series}`` (GET and form POST),
``/prometheus/api/v1/label/<name>/values``; ``/jaeger/api/services``,
``/jaeger/api/services/<service>/operations``, ``/jaeger/api/traces``,
``/jaeger/api/traces/<traceID>`` (also under ``/jaeger/ui/api``, the base path AstronomyShop's
Jaeger serves and AIOpsLab uses).

Series and labels (one series per pod and metric of every app namespace, labels as the Prometheus
chart's ``kubernetes-nodes-cadvisor`` job attaches them to cAdvisor's series):

    __name__     the metric, one of the 22 ``container_*`` of `telemetry.METRICS`  = CSV kpi_name (before ".")
    instance     the pod's node (``kind-worker``)                                  = CSV cmdb_id before "."
    pod          the pod's name                                                    = CSV cmdb_id after "."
    namespace    the pod's namespace
    job          ``kubernetes-nodes-cadvisor``
    container    the pod's first container (it carries the modelled usage); not on network series
    image        that container's image; not on network series
    interface    ``eth0``, network series only                                     = CSV kpi_name after "."
    <node label> each label of the node, sanitised (``kubernetes_io_hostname``, ``beta_kubernetes_io_arch``...)

so a CSV row is ``timestamp, <instance>.<pod>, <__name__>[.<interface>], value``, as AIOpsLab's
``export_all_metrics`` builds it from ``custom_query_range('<metric>{namespace="<ns>"}', step=15)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import ImmutableMultiDict
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .jaeger_api import JaegerAPI
from .promql_api import PrometheusAPI

if TYPE_CHECKING:
    from .session import ServedTwin

__all__ = ["Handler", "json_endpoint", "telemetry_routes"]

Handler = Callable[[ImmutableMultiDict], tuple[int, object]]
_FORM = "application/x-www-form-urlencoded"


def json_endpoint(twin: ServedTwin, handler: Handler) -> Callable:
    """A starlette endpoint answering with ``handler(params)``: query string, path parameters and
    (for POST) a form body, under the twin's lock."""

    async def endpoint(request: Request) -> Response:
        pairs = list(request.query_params.multi_items())
        if request.method == "POST" and request.headers.get("content-type", "").startswith(_FORM):
            # Go's r.FormValue prefers the body; the last value wins in a MultiDict.
            pairs += parse_qsl((await request.body()).decode(), keep_blank_values=True)
        pairs += list(request.path_params.items())
        return await run_in_threadpool(_answer, twin, request, handler, ImmutableMultiDict(pairs))

    return endpoint


def _answer(twin: ServedTwin, request: Request, handler: Handler, params: ImmutableMultiDict) -> Response:
    with twin.lock:
        twin.before_request(request)
        status, body = handler(params)
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    return Response(data, status_code=status, media_type="application/json")


def telemetry_routes(twin: ServedTwin) -> list[BaseRoute]:
    """The Prometheus and Jaeger routes for ``twin``."""
    prometheus, jaeger = PrometheusAPI(twin), JaegerAPI(twin)
    both = ["GET", "POST"]
    routes: list[BaseRoute] = [
        Route("/prometheus/api/v1/query", json_endpoint(twin, prometheus.query), methods=both),
        Route("/prometheus/api/v1/query_range", json_endpoint(twin, prometheus.query_range), methods=both),
        Route("/prometheus/api/v1/labels", json_endpoint(twin, prometheus.labels), methods=both),
        Route("/prometheus/api/v1/label/{name}/values", json_endpoint(twin, prometheus.label_values)),
        Route("/prometheus/api/v1/series", json_endpoint(twin, prometheus.series), methods=both),
    ]
    for base in ("/jaeger/api", "/jaeger/ui/api"):
        routes += [
            Route(f"{base}/services", json_endpoint(twin, jaeger.services)),
            Route(f"{base}/services/{{service}}/operations", json_endpoint(twin, jaeger.operations)),
            Route(f"{base}/traces", json_endpoint(twin, jaeger.traces)),
            Route(f"{base}/traces/{{trace_id}}", json_endpoint(twin, jaeger.trace)),
        ]
    return routes
