"""Prometheus' HTTP API (``/api/v1/...``) over the twin's series: parameters, envelopes, errors.

Each handler takes the request's parameters (query string, then form body, as Go's
``r.FormValue`` reads them) and returns (HTTP status, JSON body) in Prometheus 2.47's shapes:
``{"status":"success","data":...}``, or ``{"status":"error","errorType":"bad_data","error":...}``
with 400 for bad parameters and queries, ``execution`` with 422 for evaluation errors. Times are
RFC 3339 or Unix seconds; a step or range is float seconds or a duration (``15s``, ``1m``). Sample
values are strings formatted like Go's ``strconv.FormatFloat(v, 'f', -1, 64)``; timestamps are
Unix seconds with millisecond precision. "Now" is the twin's virtual clock.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from .promql import parse, parse_selector
from .promql_ast import PromQLError
from .promql_eval import EvalError, Evaluator, Labels
from .promql_lexer import parse_duration
from .promql_series import ClusterSeries, SampleCache, unix_ms

if TYPE_CHECKING:
    from starlette.datastructures import ImmutableMultiDict

    from .session import ServedTwin

__all__ = ["PrometheusAPI", "format_value"]

Answer = tuple[int, dict]
_MAX_POINTS = 11_000
_LABEL_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")


class _BadData(ValueError):
    """A parameter Prometheus refuses; the message is its ``error`` text."""


class PrometheusAPI:
    """The handlers of one served twin; they read ``twin.cluster`` under the caller's lock."""

    def __init__(self, twin: ServedTwin) -> None:
        self.twin = twin
        self.cache = SampleCache()

    def query(self, params: ImmutableMultiDict) -> Answer:
        return _answer(lambda: self._query(params))

    def query_range(self, params: ImmutableMultiDict) -> Answer:
        return _answer(lambda: self._query_range(params))

    def labels(self, params: ImmutableMultiDict) -> Answer:
        return _answer(lambda: sorted({name for labels in self._label_sets(params) for name, _ in labels}))

    def label_values(self, params: ImmutableMultiDict) -> Answer:
        def values() -> list[str]:
            name = params["name"]
            if not _LABEL_NAME.fullmatch(name):
                raise _BadData(f'invalid label name: "{name}"')
            return sorted({value for labels in self._label_sets(params) for key, value in labels if key == name})

        return _answer(values)

    def series(self, params: ImmutableMultiDict) -> Answer:
        def found() -> list[dict[str, str]]:
            if not params.getlist("match[]"):
                raise _BadData("no match[] parameter provided")
            return [dict(labels) for labels in self._label_sets(params)]

        return _answer(found)

    # -- the work
    def _now_ms(self) -> int:
        return unix_ms(self.twin.cluster.clock.now)

    def _query(self, params: ImmutableMultiDict) -> dict:
        t = _time(params, "time", self._now_ms())
        expr = _expression(params)
        kind, result = Evaluator(self._source(), t, t).instant(expr, t)
        if kind == "vector":
            body: object = [{"metric": dict(labels), "value": [_stamp(t), format_value(v)]} for labels, v in result]
        elif kind == "matrix":
            body = _matrix(result)
        else:  # scalar or string
            body = [_stamp(t), format_value(result) if kind == "scalar" else result]
        return {"resultType": kind, "result": body}

    def _query_range(self, params: ImmutableMultiDict) -> dict:
        start, end = _time(params, "start"), _time(params, "end")
        if end < start:
            raise _BadData("end timestamp must not be before start time")
        step = _duration(params, "step")
        if step <= 0:
            raise _BadData("zero or negative query resolution step widths are not accepted. Try a positive integer")
        if (end - start) // step > _MAX_POINTS:
            raise _BadData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
                           "resolution (?step=XX)")
        expr = _expression(params)
        if expr.type not in ("scalar", "vector"):
            kind = {"matrix": "range vector", "string": "string"}[expr.type]
            raise _BadData(f'invalid parameter "query": invalid expression type "{kind}" for range query, must be '
                           "Scalar or instant Vector")
        return {"resultType": "matrix", "result": _matrix(Evaluator(self._source(), start, end).range(expr, start,
                                                                                                      end, step))}

    def _label_sets(self, params: ImmutableMultiDict) -> list[Labels]:
        selectors = []
        for text in params.getlist("match[]"):
            try:
                selectors.append(parse_selector(text).matchers)
            except PromQLError as err:
                raise _BadData(f'invalid parameter "match[]": {err}') from None
        start, end = _time(params, "start", 0), _time(params, "end", self._now_ms())
        return self._source().label_sets(selectors, start, end)

    def _source(self) -> ClusterSeries:
        return ClusterSeries(self.twin.cluster, self.cache)


def _answer(work) -> Answer:
    try:
        return 200, {"status": "success", "data": work()}
    except _BadData as err:
        return 400, {"status": "error", "errorType": "bad_data", "error": str(err)}
    except EvalError as err:
        return 422, {"status": "error", "errorType": "execution", "error": str(err)}


def _expression(params: ImmutableMultiDict):
    try:
        return parse(params.get("query") or "")
    except PromQLError as err:
        raise _BadData(f'invalid parameter "query": {err}') from None


def _matrix(series: list[tuple[Labels, list[tuple[int, float]]]]) -> list[dict]:
    return [{"metric": dict(labels), "values": [[_stamp(t), format_value(v)] for t, v in points]}
            for labels, points in series]


def _time(params: ImmutableMultiDict, name: str, default: int | None = None) -> int:
    """A time parameter in Unix ms: float seconds or RFC 3339 (``default`` when absent)."""
    text = params.get(name) or ""
    if not text and default is not None:
        return default
    try:
        return round(float(text) * 1000)
    except ValueError:
        pass
    # RFC 3339 with up to nanoseconds; Python's parser takes microseconds at most.
    trimmed = re.sub(r"(\.\d{6})\d+", r"\1", text)
    try:
        moment = datetime.fromisoformat(trimmed)
        if moment.tzinfo is None or "T" not in trimmed:
            raise ValueError(text)
    except ValueError:
        raise _BadData(f'invalid parameter "{name}": cannot parse "{text}" to a valid timestamp') from None
    return round(moment.timestamp() * 1000)


def _duration(params: ImmutableMultiDict, name: str) -> int:
    """A duration parameter in ms: float seconds or a Prometheus duration."""
    text = params.get(name) or ""
    try:
        seconds = float(text)
        if math.isfinite(seconds):
            return round(seconds * 1000)
    except ValueError:
        pass
    try:
        return parse_duration(text)
    except PromQLError:
        raise _BadData(f'invalid parameter "{name}": cannot parse "{text}" to a valid duration') from None


def _stamp(ms: int) -> int | float:
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


def format_value(value: float) -> str:
    """A sample value as Prometheus writes it (Go's ``FormatFloat(v, 'f', -1, 64)``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    text = repr(value)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
