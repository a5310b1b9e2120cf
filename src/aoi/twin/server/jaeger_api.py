"""Jaeger's query HTTP API (``/api/services``, ``/api/traces``, ...) over the twin's sampled traces.

The traces are `telemetry.traces.sampled_traces` of the problem's app namespace, the ones
``get_traces`` writes to CSV: a search for a service without other filters is
`telemetry.export.traces_by_service`, so AIOpsLab's loop over ``/api/services`` and
``/api/traces?service=<s>&lookback=<n>s`` reads back exactly the CSV's rows. Shapes are Jaeger
1.57's ``structuredResponse`` (``data``, ``total``, ``limit``, ``offset``, ``errors``) with its UI
model of traces, spans and processes; errors carry Jaeger's messages and codes.

Differences from a real Jaeger, on purpose: ``lookback`` (a UI parameter the real API ignores)
sets the window when ``start`` is absent, so a query covers what AIOpsLab asked for; the search
window defaults to the hour before the virtual now. ``/api/services`` and operations list what the
last hour of traces holds. Spans carry the tags AIOpsLab reads (``error``, ``http.status_code``)
and ``span.kind``; a process is tagged with the ``hostname`` and ``ip`` of one of its service's pods.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..clock import EPOCH
from ..telemetry import flow_for
from ..telemetry.export import traces_by_service
from ..telemetry.traces import JAEGER_LIMIT, sampled_traces

if TYPE_CHECKING:
    from starlette.datastructures import ImmutableMultiDict

    from ..telemetry.flow import Flow
    from ..telemetry.traces import Span
    from .session import ServedTwin

__all__ = ["JaegerAPI", "trace_json"]

Answer = tuple[int, dict]
Trace = list["Span"]
_EPOCH_S = EPOCH.timestamp()
_LOOKBACK_S = 3600.0
_SEARCH_CHUNK_S = 900.0  # trace-by-id walks back from now in windows this long
_GO_UNITS_US = {"ns": 0.001, "us": 1, "µs": 1, "μs": 1, "ms": 1000, "s": 1e6, "m": 6e7, "h": 3.6e9, "d": 8.64e10}


class _BadRequest(ValueError):
    """A parameter Jaeger refuses (HTTP 400)."""


def _ok(data: object, total: int = 0) -> Answer:
    return 200, {"data": data, "total": total, "limit": 0, "offset": 0, "errors": None}


def _error(code: int, message: str) -> Answer:
    return code, {"data": None, "total": 0, "limit": 0, "offset": 0, "errors": [{"code": code, "msg": message}]}


@dataclass(frozen=True)
class _Search:
    """What ``/api/traces`` asks for; times in clock seconds, durations in µs."""

    service: str
    operation: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    min_us: float | None = None
    max_us: float | None = None

    @property
    def filtered(self) -> bool:
        return bool(self.operation or self.tags or self.min_us is not None or self.max_us is not None)

    def matches(self, trace: Trace, processes: dict[str, list[dict]]) -> bool:
        """Whether one span satisfies every condition, as Jaeger's span-level search does."""
        for span, kind in _with_kinds(trace):
            if span[3] != self.service or (self.operation and span[4] != self.operation):
                continue
            if (self.min_us is not None and span[6] < self.min_us) or (self.max_us is not None and
                                                                        span[6] > self.max_us):
                continue
            tags = (*_span_tags(span, kind), *_process_tags(processes, span[3], span[0]))
            known = {tag["key"]: _tag_text(tag) for tag in tags}
            if all(known.get(key) == value for key, value in self.tags.items()):
                return True
        return False


class JaegerAPI:
    """The handlers of one served twin; they read ``twin.cluster`` under the caller's lock."""

    def __init__(self, twin: ServedTwin) -> None:
        self.twin = twin

    def services(self, params: ImmutableMultiDict) -> Answer:
        names = sorted({span[3] for trace in self._recent() for span in trace})
        return _ok(names, len(names))

    def operations(self, params: ImmutableMultiDict) -> Answer:
        service = params["service"]
        names = sorted({span[4] for trace in self._recent() for span in trace if span[3] == service})
        return _ok(names, len(names))

    def traces(self, params: ImmutableMultiDict) -> Answer:
        try:
            ids = [_trace_id(text) for text in params.getlist("traceID")]
            if ids:
                return self._by_ids(ids)
            search, start, end, limit = self._search(params)
        except _BadRequest as err:
            return _error(400, str(err))
        flow = self._flow()
        if flow is None:
            return _ok([])
        if not search.filtered:  # the CSV export's selection, for the same answer
            found = traces_by_service(sampled_traces(flow, start, end, limit=limit), limit).get(search.service, [])
        else:
            processes = _processes(flow)
            everything = sampled_traces(flow, start, end)
            found = [trace for trace in reversed(everything) if search.matches(trace, processes)][:limit]
        return _ok(self._render(flow, found))

    def trace(self, params: ImmutableMultiDict) -> Answer:
        try:
            wanted = _trace_id(params["trace_id"])
        except _BadRequest as err:
            return _error(400, str(err))
        return self._by_ids([wanted])

    # -- the work
    def _flow(self) -> Flow | None:
        """The app namespace's flow model: the problem's, else the first app namespace's."""
        cluster = self.twin.cluster
        names = [self.twin.namespace] if self.twin.namespace else [ns["metadata"]["name"]
                                                                     for ns in cluster.list("Namespace")]
        return next((flow for name in names if (flow := flow_for(cluster, name)) is not None), None)

    def _recent(self) -> list[Trace]:
        flow = self._flow()
        if flow is None:
            return []
        now = flow.cluster.clock.now
        return sampled_traces(flow, now - _LOOKBACK_S, now, limit=JAEGER_LIMIT)

    def _search(self, params: ImmutableMultiDict) -> tuple[_Search, float, float, int]:
        service = params.get("service") or ""
        if not service:
            raise _BadRequest("parameter 'service' is required")
        now = self.twin.cluster.clock.now
        end = _micros(params, "end", now)
        lookback = _go_duration(params, "lookback", days=True)
        start = _micros(params, "start", end - (lookback / 1e6 if lookback is not None else _LOOKBACK_S))
        limit_text = params.get("limit") or ""
        try:
            limit = int(limit_text) if limit_text else JAEGER_LIMIT
        except ValueError:
            raise _BadRequest(f'strconv.ParseInt: parsing "{limit_text}": invalid syntax') from None
        search = _Search(service, params.get("operation") or "", _tags(params), _go_duration(params, "minDuration"),
                         _go_duration(params, "maxDuration"))
        if search.min_us and search.max_us and search.max_us < search.min_us:
            raise _BadRequest("'maxDuration' should be greater than 'minDuration'")
        return search, start, end, limit if limit > 0 else JAEGER_LIMIT

    def _by_ids(self, wanted: list[int]) -> Answer:
        flow = self._flow()
        found: dict[int, Trace] = {}
        if flow is not None:
            # Traces are generated, not stored: walk back from now until each id turns up or the app's start.
            end = flow.cluster.clock.now
            floor = min((run[0] for pod in flow.cond.pods for run in pod.runs), default=end)
            while end > floor and len(found) < len(set(wanted)):
                start = max(floor, end - _SEARCH_CHUNK_S)
                for trace in sampled_traces(flow, start, end):
                    if int(trace[0][0], 16) in wanted:
                        found[int(trace[0][0], 16)] = trace
                end = start
        if not found:
            return _error(404, "trace not found")
        return _ok(self._render(flow, [found[i] for i in dict.fromkeys(wanted) if i in found]))

    def _render(self, flow: Flow | None, traces: list[Trace]) -> list[dict]:
        processes = _processes(flow) if flow is not None else {}
        return [trace_json(trace, processes) for trace in traces]


# -------------------------------------------------------------------------------- JSON shapes
def trace_json(trace: Trace, processes: dict[str, list[dict]]) -> dict:
    """One trace in Jaeger's UI model: spans in recorded order, processes ``p1``, ``p2``... by first use."""
    ids: dict[str, str] = {}
    for span in trace:
        ids.setdefault(span[3], f"p{len(ids) + 1}")
    trace_id = trace[0][0]
    spans = [{
        "traceID": trace_id, "spanID": span[1], "flags": 1, "operationName": span[4],
        "references": [] if span[2] == "ROOT" else [{"refType": "CHILD_OF", "traceID": trace_id, "spanID": span[2]}],
        "startTime": span[5], "duration": span[6], "tags": _span_tags(span, kind), "logs": [],
        "processID": ids[span[3]], "warnings": None,
    } for span, kind in _with_kinds(trace)]  # fmt: skip
    return {"traceID": trace_id, "spans": spans,
            "processes": {pid: {"serviceName": service, "tags": _process_tags(processes, service, trace_id)}
                          for service, pid in ids.items()},
            "warnings": None}


def _with_kinds(trace: Trace) -> list[tuple[Span, str]]:
    """Each span with its kind: a call span sits under its own service's span (the caller's client
    side); a served request's span sits under the caller's."""
    service_of = {span[1]: span[3] for span in trace}
    return [(span, "client" if service_of.get(span[2]) == span[3] else "server") for span in trace]


def _span_tags(span: Span, kind: str) -> list[dict]:
    tags = [{"key": "span.kind", "type": "string", "value": kind}]
    if isinstance(span[8], int):
        tags.append({"key": "http.status_code", "type": "int64", "value": span[8]})
    if span[7]:
        tags.append({"key": "error", "type": "bool", "value": True})
    return tags


def _processes(flow: Flow) -> dict[str, list[dict]]:
    """Per service, each of its pods' process tags (a trace's span is served by one of them)."""
    out: dict[str, list[dict]] = {}
    for pod in sorted(flow.cond.pods, key=lambda p: p.name):
        obj = flow.cluster.find("Pod", pod.name, flow.app.namespace) or {}
        ip = (obj.get("status") or {}).get("podIP", "")
        out.setdefault(pod.service, []).append({"hostname": pod.name, "ip": ip})
    return out


def _process_tags(processes: dict[str, list[dict]], service: str, trace_id: str) -> list[dict]:
    pods = processes.get(service)
    if not pods:
        return []
    pod = pods[int(trace_id, 16) % len(pods)]  # replicas share the load
    return [{"key": key, "type": "string", "value": value} for key, value in pod.items() if value]


def _tag_text(tag: dict) -> str:
    value = tag["value"]
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


# --------------------------------------------------------------------------------- parameters
def _trace_id(text: str) -> int:
    if len(text) > 32:
        raise _BadRequest(f"TraceID cannot be longer than 32 hex characters: {text}")
    try:
        return int(text, 16)
    except ValueError:
        raise _BadRequest(f'strconv.ParseUint: parsing "{text}": invalid syntax') from None


def _micros(params: ImmutableMultiDict, name: str, default: float) -> float:
    """A time parameter (Unix µs) as clock seconds; ``default`` when absent."""
    text = params.get(name) or ""
    if not text:
        return default
    try:
        return int(text) / 1e6 - _EPOCH_S
    except ValueError:
        raise _BadRequest(f"unable to parse param '{name}': strconv.ParseInt: parsing \"{text}\": invalid syntax"
                          ) from None


def _go_duration(params: ImmutableMultiDict, name: str, *, days: bool = False) -> float | None:
    """A Go duration (``300s``, ``1.5h``, ``250ms``; ``2d`` when ``days``) in µs; None when absent."""
    text = params.get(name) or ""
    if not text:
        return None
    parts = re.findall(r"(\d*\.?\d+)(ns|us|µs|μs|ms|s|m|h|d)", text)
    if not parts or "".join(n + u for n, u in parts) != text or (not days and any(u == "d" for _, u in parts)):
        raise _BadRequest(f"unable to parse param '{name}': time: invalid duration \"{text}\"")
    return sum(float(n) * _GO_UNITS_US[u] for n, u in parts)


def _tags(params: ImmutableMultiDict) -> dict[str, str]:
    tags: dict[str, str] = {}
    for text in params.getlist("tag"):
        key, sep, value = text.partition(":")
        if not sep:
            raise _BadRequest(f"malformed 'tag' parameter, expecting key:value, received: {text}")
        tags[key] = value
    for text in params.getlist("tags"):
        try:
            found = json.loads(text)
        except ValueError as err:
            raise _BadRequest(f"malformed 'tags' parameter, cannot unmarshal JSON: {err}") from None
        if not isinstance(found, dict):
            raise _BadRequest("malformed 'tags' parameter, cannot unmarshal JSON: not an object")
        tags.update({str(k): v if isinstance(v, str) else json.dumps(v) for k, v in found.items()})
    return tags
