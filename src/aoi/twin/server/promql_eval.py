"""Evaluating a parsed PromQL expression over series, with the semantics of Prometheus 2.47.

2.47 is the server of the Prometheus chart AIOpsLab installs. Times are Unix milliseconds, as in
Prometheus. An instant selector at T takes each series' latest sample in [T - 5m, T] unless a
staleness marker came after it (cAdvisor drops a stopped container's series, so it ends at the
next scrape, not five minutes later); a range selector ``[r]`` takes the samples in [T - r, T],
which `promql_functions` turns into numbers as Prometheus does. Functions and arithmetic drop
the metric name where Prometheus does; vector matching is one-to-one (``on``/``ignoring``).

    PromQLError (promql_ast.py: parse errors)   -> HTTP 400 bad_data
    EvalError   (many-to-many matching, duplicate label sets)  -> HTTP 422 execution
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Protocol

from .promql_ast import (
    Aggregate,
    Binary,
    Call,
    Expr,
    Matcher,
    MatrixSelector,
    NumberLiteral,
    StringLiteral,
    Unary,
    VectorSelector,
)
from .promql_functions import (
    COMPARISONS,
    RANGE_FUNCTIONS,
    SIMPLE_FUNCTIONS,
    Points,
    aggregate,
    arithmetic,
    round_to,
)

__all__ = ["LOOKBACK_MS", "EvalError", "Evaluator", "Labels", "Series", "SeriesSource"]

LOOKBACK_MS = 300_000  # --query.lookback-delta default
Labels = tuple[tuple[str, str], ...]  # (name, value) pairs sorted by name; Prometheus' labels.Labels
Vector = list[tuple[Labels, float]]


class EvalError(ValueError):
    """A query that parsed but cannot be evaluated (Prometheus' ``execution`` errors)."""


@dataclass
class Series:
    """One series' samples (ascending times, ms) and the staleness markers written after gaps."""

    labels: Labels
    times: list[int]
    values: list[float]
    stale: list[int] = field(default_factory=list)


class SeriesSource(Protocol):
    def select(self, matchers: tuple[Matcher, ...], start_ms: int, end_ms: int) -> list[Series]:
        """The series ``matchers`` select, with their samples in [start_ms, end_ms]."""
        ...


# ----------------------------------------------------------------------------- label helpers
def drop_name(labels: Labels) -> Labels:
    return tuple(pair for pair in labels if pair[0] != "__name__")


def _keep(labels: Labels, names: tuple[str, ...]) -> Labels:
    return tuple(pair for pair in labels if pair[0] in names)


def _without(labels: Labels, names: tuple[str, ...]) -> Labels:
    return tuple(pair for pair in labels if pair[0] not in names and pair[0] != "__name__")


def format_labels(labels: Labels) -> str:
    return "{" + ", ".join(f'{name}="{value}"' for name, value in labels) + "}"


def _unique(vector: Vector) -> Vector:
    seen: set[Labels] = set()
    for labels, _ in vector:
        if labels in seen:
            raise EvalError("vector cannot contain metrics with the same labelset")
        seen.add(labels)
    return vector


# ---------------------------------------------------------------------------------- evaluator
class Evaluator:
    """Evaluates expressions at times in [first_ms, last_ms] (one query), selecting each
    selector's series from ``source`` once for the whole span."""

    def __init__(self, source: SeriesSource, first_ms: int, last_ms: int) -> None:
        self.source, self.first_ms, self.last_ms = source, first_ms, last_ms
        self._selected: dict[tuple, list[Series]] = {}

    # -- entry points
    def instant(self, expr: Expr, t: int) -> tuple[str, object]:
        """(resultType, result) of an instant query at ``t``: vector, scalar, matrix or string."""
        if isinstance(expr, MatrixSelector):
            return "matrix", sorted(self._matrix(expr, t))
        if isinstance(expr, StringLiteral):
            return "string", expr.value
        value = self.eval(expr, t)
        if isinstance(value, float):
            return "scalar", value
        # Prometheus leaves a vector in evaluation order: by labels from storage, ranked after topk or sort.
        ranked = (isinstance(expr, Aggregate) and expr.op in ("topk", "bottomk")) or (
            isinstance(expr, Call) and expr.func in ("sort", "sort_desc"))
        return "vector", value if ranked else sorted(value)

    def range(self, expr: Expr, start: int, end: int, step: int) -> list[tuple[Labels, Points]]:
        """The matrix of a range query: each series' points at start, start + step, ... <= end."""
        out: dict[Labels, Points] = {}
        for t in range(start, end + 1, step):
            value = self.eval(expr, t)
            if isinstance(value, float):
                out.setdefault((), []).append((t, value))
                continue
            for labels, v in value:
                out.setdefault(labels, []).append((t, v))
        return sorted(out.items())

    # -- evaluation
    def eval(self, expr: Expr, t: int) -> float | Vector:
        if isinstance(expr, NumberLiteral):
            return expr.value
        if isinstance(expr, VectorSelector):
            return self._vector(expr, t)
        if isinstance(expr, Call):
            return self._call(expr, t)
        if isinstance(expr, Aggregate):
            return self._aggregate(expr, t)
        if isinstance(expr, Binary):
            return self._binary(expr, t)
        if isinstance(expr, Unary):
            value = self.eval(expr.expr, t)
            if isinstance(value, float):
                return -value
            return _unique([(drop_name(labels), -v) for labels, v in value])
        raise EvalError(f"{type(expr).__name__} cannot be evaluated to a scalar or an instant vector here")

    def _series(self, selector: VectorSelector, reach_ms: int) -> list[Series]:
        key = (selector, reach_ms)
        found = self._selected.get(key)
        if found is None:
            start = self.first_ms - selector.offset_ms - reach_ms
            found = self._selected[key] = self.source.select(selector.matchers, start,
                                                             self.last_ms - selector.offset_ms)
        return found

    def _vector(self, selector: VectorSelector, t: int) -> Vector:
        at = t - selector.offset_ms
        out: Vector = []
        for series in self._series(selector, LOOKBACK_MS):
            i = bisect_right(series.times, at) - 1
            if i < 0 or at - series.times[i] > LOOKBACK_MS:
                continue
            j = bisect_right(series.stale, at) - 1
            if j >= 0 and series.stale[j] > series.times[i]:
                continue  # the series went stale after its last sample
            out.append((series.labels, series.values[i]))
        return out

    def _matrix(self, node: MatrixSelector, t: int) -> list[tuple[Labels, Points]]:
        end = t - node.vector.offset_ms
        start = end - node.range_ms
        out = []
        for series in self._series(node.vector, node.range_ms):
            lo, hi = bisect_left(series.times, start), bisect_right(series.times, end)
            if lo < hi:
                out.append((series.labels, list(zip(series.times[lo:hi], series.values[lo:hi], strict=True))))
        return out

    def _call(self, call: Call, t: int) -> float | Vector:
        name, args = call.func, call.args
        if name == "time":
            return t / 1000
        if name == "vector":
            return [((), self._scalar(args[0], t))]
        if isinstance(args[0], MatrixSelector):
            return self._range_function(call, args[0], t)
        vector = self._instant_vector(args[0], t)
        if name == "scalar":
            return vector[0][1] if len(vector) == 1 else math.nan
        if name in ("sort", "sort_desc"):
            return sorted(vector, key=lambda e: e[1], reverse=name == "sort_desc")
        if name == "absent":
            if vector:
                return []
            selector = args[0]
            matchers = selector.matchers if isinstance(selector, VectorSelector) else ()
            return [(tuple(sorted((m.name, m.value) for m in matchers if m.op == "=" and m.name != "__name__")), 1.0)]
        if name in SIMPLE_FUNCTIONS:
            fn = SIMPLE_FUNCTIONS[name]
            return _unique([(drop_name(labels), fn(v)) for labels, v in vector])
        rest = [self._scalar(arg, t) for arg in args[1:]]
        if name == "round":
            nearest = rest[0] if rest else 1.0
            return _unique([(drop_name(labels), round_to(v, nearest)) for labels, v in vector])
        if name == "clamp":
            low, high = rest
        elif name == "clamp_min":
            low, high = rest[0], math.inf
        else:
            low, high = -math.inf, rest[0]
        if low > high:
            return []
        return _unique([(drop_name(labels), min(max(v, low), high)) for labels, v in vector])

    def _range_function(self, call: Call, node: MatrixSelector, t: int) -> Vector:
        end = t - node.vector.offset_ms
        out: Vector = []
        for labels, points in self._matrix(node, t):
            value = RANGE_FUNCTIONS[call.func](points, end - node.range_ms, end)
            if value is not None:
                out.append((labels if call.func == "last_over_time" else drop_name(labels), value))
        return _unique(out)

    def _aggregate(self, node: Aggregate, t: int) -> Vector:
        vector = self._instant_vector(node.expr, t)
        groups: dict[Labels, list[tuple[Labels, float]]] = {}
        for labels, value in vector:
            key = _without(labels, node.grouping) if node.without else _keep(labels, node.grouping)
            groups.setdefault(key, []).append((labels, value))
        param = self._scalar(node.param, t) if node.param is not None else 0.0
        out: Vector = []
        for key, members in groups.items():
            values = [v for _, v in members]
            if node.op in ("topk", "bottomk"):
                k = int(param) if not math.isnan(param) else 0
                ranked = sorted(members, key=lambda e: e[1], reverse=node.op == "topk")
                out.extend(ranked[:max(k, 0)])
            else:
                out.append((key, aggregate(node.op, values, param)))
        return out

    def _binary(self, node: Binary, t: int) -> float | Vector:
        lhs, rhs = self.eval(node.lhs, t), self.eval(node.rhs, t)
        op = node.op
        if isinstance(lhs, float) and isinstance(rhs, float):
            if op in COMPARISONS:
                return float(COMPARISONS[op](lhs, rhs))
            return arithmetic(op, lhs, rhs)
        if isinstance(lhs, float) or isinstance(rhs, float):
            return self._scalar_vector(node, lhs, rhs)
        assert isinstance(lhs, list) and isinstance(rhs, list)
        return self._vector_vector(node, lhs, rhs)

    def _scalar_vector(self, node: Binary, lhs: float | Vector, rhs: float | Vector) -> Vector:
        op = node.op
        vector, scalar = (rhs, lhs) if isinstance(lhs, float) else (lhs, rhs)
        assert isinstance(vector, list) and isinstance(scalar, float)
        out: Vector = []
        for labels, v in vector:
            a, b = (scalar, v) if isinstance(lhs, float) else (v, scalar)
            if op in COMPARISONS:
                hit = COMPARISONS[op](a, b)
                if node.bool_modifier:
                    out.append((drop_name(labels), float(hit)))
                elif hit:
                    out.append((labels, v))  # a filter keeps the vector's own sample
            else:
                out.append((drop_name(labels), arithmetic(op, a, b)))
        return _unique(out)

    def _vector_vector(self, node: Binary, lhs: Vector, rhs: Vector) -> Vector:
        def signature(labels: Labels) -> Labels:
            return _keep(labels, node.labels) if node.on else _without(labels, node.labels)

        op = node.op
        if op in ("and", "or", "unless"):
            right = {signature(labels) for labels, _ in rhs}
            if op == "and":
                return [e for e in lhs if signature(e[0]) in right]
            if op == "unless":
                return [e for e in lhs if signature(e[0]) not in right]
            left = {signature(labels) for labels, _ in lhs}
            return lhs + [e for e in rhs if signature(e[0]) not in left]
        matches: dict[Labels, tuple[Labels, float]] = {}
        for labels, value in rhs:
            sig = signature(labels)
            if sig in matches:
                raise EvalError(f"found duplicate series for the match group {format_labels(sig)} on the right "
                                f"hand-side of the operation: [{format_labels(matches[sig][0])}, "
                                f"{format_labels(labels)}];many-to-many matching not allowed: matching labels "
                                "must be unique on one side")
            matches[sig] = (labels, value)
        out: Vector = []
        used: set[Labels] = set()
        for labels, a in lhs:
            sig = signature(labels)
            if sig not in matches:
                continue
            if sig in used:
                raise EvalError("multiple matches for labels: many-to-one matching must be explicit "
                                "(group_left/group_right)")
            used.add(sig)
            b = matches[sig][1]
            result = labels if op in COMPARISONS and not node.bool_modifier else drop_name(labels)
            if node.on:
                result = _keep(result, node.labels)
            elif node.labels:
                result = tuple(pair for pair in result if pair[0] not in node.labels)
            if op in COMPARISONS:
                hit = COMPARISONS[op](a, b)
                if node.bool_modifier:
                    out.append((result, float(hit)))
                elif hit:
                    out.append((result, a))
            else:
                out.append((result, arithmetic(op, a, b)))
        return _unique(out)

    # -- typed helpers
    def _scalar(self, expr: Expr, t: int) -> float:
        value = self.eval(expr, t)
        assert isinstance(value, float), "the parser only lets scalars here"
        return value

    def _instant_vector(self, expr: Expr, t: int) -> Vector:
        value = self.eval(expr, t)
        assert isinstance(value, list), "the parser only lets instant vectors here"
        return value
