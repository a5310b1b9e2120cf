"""The ASGI application: the Kubernetes REST API over one `ServedTwin`, as a Starlette app.

Routes, first match wins:

    /version, /api, /api/v1, /apis, /apis/<group>[/<version>]      discovery.py
    /openapi/v3[/<group-version>]                                   openapi.py (v2 is a 404)
    /healthz, /livez, /readyz                                       "ok"
    /prometheus/..., /jaeger/... (telemetry_api.py),
    /apis/metrics.k8s.io/v1beta1/... (metrics_api.py)               when those modules exist
    /api/v1/namespaces/<ns>/pods/<name>/log                         logs.py
    /api/v1/namespaces/<ns>/pods/<name>/exec   (WebSocket)          exec_ws.py
    /api/v1/<rest>, /apis/<group>/<version>/<rest>                  objects.py (GET), writes.py

Handlers run their cluster work on the thread pool under ``twin.lock``; `ApiError` (and the
twin's own errors) become metav1.Status responses, and so do Starlette's 404/405, so every
error a client sees is a Status.
"""

from __future__ import annotations

import importlib
import importlib.util

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket

from ..errors import TwinError
from . import objects, writes
from .call import ApiCall
from .discovery import METRICS_RESOURCES, Discovery
from .exec_ws import exec_http, exec_websocket
from .logs import pod_log
from .media import negotiate
from .openapi import OpenApiV3
from .paths import resolve_path
from .session import ServedTwin
from .status import ApiError, from_twin_error, method_not_allowed, not_found
from .wire import json_response

__all__ = ["create_app"]

_HANDLERS = {"GET": objects.read, "POST": writes.create, "PUT": writes.replace, "PATCH": writes.patch,
             "DELETE": writes.delete}
_METHODS = list(_HANDLERS)
_POD = "/api/v1/namespaces/{namespace}/pods/{name}"


async def _begin(connection: Request | WebSocket) -> ServedTwin:
    """The served twin, once its clock policy has seen this request (on a worker thread: it locks)."""
    twin: ServedTwin = connection.app.state.twin
    await run_in_threadpool(twin.before_request, connection)
    return twin


def _discovery(request: Request) -> Discovery:
    return request.app.state.discovery


# ------------------------------------------------------------------ discovery
async def _version(request: Request) -> Response:
    await _begin(request)
    return json_response(Discovery.version())


async def _api(request: Request) -> Response:
    await _begin(request)
    rep = negotiate(request.headers.get("accept"), ("APIGroupDiscoveryList",))
    if rep.as_kind:
        return json_response(_discovery(request).aggregated(rep.api_version, core=True), content_type=rep.content_type)
    return json_response(_discovery(request).api_versions(request.url.netloc))


async def _apis(request: Request) -> Response:
    await _begin(request)
    rep = negotiate(request.headers.get("accept"), ("APIGroupDiscoveryList",))
    if rep.as_kind:
        return json_response(_discovery(request).aggregated(rep.api_version, core=False),
                             content_type=rep.content_type)
    return json_response(_discovery(request).group_list())


async def _group(request: Request) -> Response:
    await _begin(request)
    body = _discovery(request).group(request.path_params["group"])
    if body is None:
        raise not_found()
    return json_response(body)


async def _resource_list(request: Request) -> Response:
    await _begin(request)
    params = request.path_params
    group_version = f"{params['group']}/{params['version']}" if "group" in params else "v1"
    body = _discovery(request).resource_list(group_version)
    if body is None:
        raise not_found()
    return json_response(body)


async def _openapi_root(request: Request) -> Response:
    await _begin(request)
    return json_response(request.app.state.openapi.root())


async def _openapi_document(request: Request) -> Response:
    await _begin(request)
    body = request.app.state.openapi.document(request.path_params["key"])
    if body is None:
        raise not_found()
    return json_response(body)


async def _healthy(request: Request) -> Response:
    return PlainTextResponse("ok")


# ------------------------------------------------------------------ resources
async def _resource(request: Request) -> Response:
    twin = await _begin(request)
    params = request.path_params
    api_version = f"{params['group']}/{params['version']}" if "group" in params else "v1"
    target = resolve_path(api_version, params["rest"])
    handler = _HANDLERS.get(request.method)
    if handler is None:
        raise method_not_allowed()
    call = ApiCall(request.method, target, request.query_params, request.headers.get("accept", ""),
                   request.headers.get("content-type", ""), await request.body())
    return await run_in_threadpool(handler, twin, call)


async def _log(request: Request) -> Response:
    twin = await _begin(request)
    params = request.path_params
    return await run_in_threadpool(pod_log, twin, params["namespace"], params["name"], request.query_params)


async def _exec_http(request: Request) -> Response:
    await _begin(request)
    return exec_http(request)


async def _exec_websocket(socket: WebSocket) -> None:
    await exec_websocket(socket, await _begin(socket))


# ------------------------------------------------------------------ errors
async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return json_response(exc.body, exc.code)


async def _twin_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TwinError)
    err = from_twin_error(exc)
    return json_response(err.body, err.code)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    err = method_not_allowed() if exc.status_code == 405 else not_found()
    return json_response(err.body, err.code)


# ------------------------------------------------------------------ assembly
def _optional_routes(twin: ServedTwin) -> tuple[list[BaseRoute], bool]:
    """The telemetry and metrics APIs, written alongside this package, if they are present.

    Presence is checked by module spec, not by catching ImportError, so a broken module fails
    loudly instead of silently disappearing from the server.
    """
    routes: list[BaseRoute] = []
    metrics = False
    for module_name, factory in (("telemetry_api", "telemetry_routes"), ("metrics_api", "metrics_routes")):
        if importlib.util.find_spec(f"{__package__}.{module_name}") is None:
            continue
        module = importlib.import_module(f"{__package__}.{module_name}")
        routes.extend(getattr(module, factory)(twin))
        metrics = metrics or module_name == "metrics_api"
    return routes, metrics


def create_app(twin: ServedTwin) -> Starlette:
    """The Kubernetes API over ``twin`` as an ASGI app (run it with uvicorn; see `run.py`)."""
    extra, metrics = _optional_routes(twin)
    routes: list[BaseRoute] = [
        Route("/version", _version),
        Route("/api", _api),
        Route("/api/v1", _resource_list),
        Route("/apis", _apis),
        Route("/apis/{group}", _group),
        Route("/apis/{group}/{version}", _resource_list),
        Route("/openapi/v3", _openapi_root),
        Route("/openapi/v3/{key:path}", _openapi_document),
        *(Route(path, _healthy) for path in ("/healthz", "/livez", "/readyz")),
        *extra,
        Route(f"{_POD}/log", _log),
        WebSocketRoute(f"{_POD}/exec", _exec_websocket),
        Route(f"{_POD}/exec", _exec_http, methods=["GET", "POST"]),
        Route("/api/v1/{rest:path}", _resource, methods=_METHODS),
        Route("/apis/{group}/{version}/{rest:path}", _resource, methods=_METHODS),
    ]
    app = Starlette(routes=routes, exception_handlers={ApiError: _api_error, TwinError: _twin_error,
                                                       HTTPException: _http_error})
    app.state.twin = twin
    app.state.discovery = Discovery(METRICS_RESOURCES if metrics else ())
    app.state.openapi = OpenApiV3()
    return app
