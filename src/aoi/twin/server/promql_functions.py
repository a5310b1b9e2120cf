"""PromQL's arithmetic on plain floats: range-vector functions, elementwise math, operators, aggregations.

Everything follows Prometheus 2.47 (the chart AIOpsLab installs) and Go's float semantics: a
division by zero is ±Inf or NaN, a domain error NaN, an overflow +Inf (Python raises for all of
them). ``rate``, ``increase`` and ``delta`` are Prometheus' ``extrapolatedRate``: the increase
between the window's first and last samples, counter resets added back, extrapolated to each
edge of the window when the sample nearest it lies within 1.1 average intervals (by half an
interval otherwise), and never to below a counter's zero.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

__all__ = ["COMPARISONS", "RANGE_FUNCTIONS", "SIMPLE_FUNCTIONS", "Points", "aggregate", "arithmetic", "round_to"]

Points = list[tuple[int, float]]  # (Unix ms, value), ascending
RangeFunction = Callable[[Points, int, int], float | None]


def _extrapolated(points: Points, start: int, end: int, counter: bool, rate: bool) -> float | None:
    """Prometheus' extrapolatedRate (v2.47) over the samples of the window [start, end]."""
    if len(points) < 2:
        return None
    (first_t, first_v), (last_t, last_v) = points[0], points[-1]
    result = last_v - first_v
    if counter:
        previous = 0.0
        for _, value in points:
            if value < previous:  # a counter reset: what came before the reset still counts
                result += previous
            previous = value
    to_start, to_end = (first_t - start) / 1000, (end - last_t) / 1000
    sampled = (last_t - first_t) / 1000
    average = sampled / (len(points) - 1)
    if counter and result > 0 and first_v >= 0:
        to_start = min(to_start, sampled * (first_v / result))  # a counter does not extrapolate below zero
    threshold = average * 1.1
    interval = sampled + (to_start if to_start < threshold else average / 2)
    interval += to_end if to_end < threshold else average / 2
    factor = interval / sampled
    if rate:
        factor /= (end - start) / 1000
    return result * factor


def _instant_rate(points: Points, rate: bool) -> float | None:
    if len(points) < 2:
        return None
    (prev_t, prev_v), (last_t, last_v) = points[-2], points[-1]
    value = last_v if rate and last_v < prev_v else last_v - prev_v
    if last_t == prev_t:
        return None
    return value / ((last_t - prev_t) / 1000) if rate else value


def _count_changes(points: Points, reset: bool) -> float:
    pairs = zip(points, points[1:], strict=False)
    if reset:
        return float(sum(1 for (_, a), (_, b) in pairs if b < a))
    return float(sum(1 for (_, a), (_, b) in pairs if a != b and not (math.isnan(a) and math.isnan(b))))


def _over_time(fold: Callable[[list[float]], float]) -> RangeFunction:
    return lambda points, start, end: fold([v for _, v in points]) if points else None


def _extrapolating(counter: bool, rate: bool) -> RangeFunction:
    return lambda points, start, end: _extrapolated(points, start, end, counter, rate)


# name -> f(samples in the window, window start, window end); None when the series has no result
RANGE_FUNCTIONS: dict[str, RangeFunction] = {
    "rate": _extrapolating(counter=True, rate=True),
    "increase": _extrapolating(counter=True, rate=False),
    "delta": _extrapolating(counter=False, rate=False),
    "irate": lambda points, start, end: _instant_rate(points, rate=True),
    "idelta": lambda points, start, end: _instant_rate(points, rate=False),
    "changes": lambda points, start, end: _count_changes(points, reset=False) if points else None,
    "resets": lambda points, start, end: _count_changes(points, reset=True) if points else None,
    "avg_over_time": _over_time(statistics.fmean),
    "min_over_time": _over_time(min),
    "max_over_time": _over_time(max),
    "sum_over_time": _over_time(math.fsum),
    "count_over_time": _over_time(lambda values: float(len(values))),
    "last_over_time": _over_time(lambda values: values[-1]),
    "stddev_over_time": _over_time(statistics.pstdev),
    "stdvar_over_time": _over_time(statistics.pvariance),
    "present_over_time": _over_time(lambda values: 1.0),
}


# -------------------------------------------------------------------------- elementwise functions
def _sgn(value: float) -> float:
    return value if math.isnan(value) or value == 0 else math.copysign(1.0, value)


def _safe(fn: Callable[[float], float]) -> Callable[[float], float]:
    """Go's math: a domain error is NaN, an overflow is +Inf (Python raises for both)."""

    def apply(value: float) -> float:
        try:
            return fn(value)
        except ValueError:
            return -math.inf if value == 0 else math.nan
        except OverflowError:
            return math.inf

    return apply


SIMPLE_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "abs": abs, "ceil": _safe(lambda v: float(math.ceil(v))), "floor": _safe(lambda v: float(math.floor(v))),
    "exp": _safe(math.exp), "ln": _safe(math.log), "log2": _safe(math.log2), "log10": _safe(math.log10),
    "sqrt": _safe(math.sqrt), "sgn": _sgn,
}  # fmt: skip


def round_to(value: float, to_nearest: float) -> float:
    if math.isinf(value) or math.isnan(value):
        return value
    return math.floor(value / to_nearest + 0.5) * to_nearest  # Go rounds half up here, not to even


# ------------------------------------------------------------------------------- binary ops
def arithmetic(op: str, a: float, b: float) -> float:
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b
        if op == "%":
            return math.fmod(a, b)
        return math.pow(a, b)
    except ZeroDivisionError:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1.0, b)
    except ValueError:
        return math.nan
    except OverflowError:
        return math.inf


COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}  # fmt: skip


def aggregate(op: str, values: list[float], param: float) -> float:
    """One group's value for aggregation ``op`` (``param``: quantile's φ); topk/bottomk select instead."""
    if op == "sum":
        return math.fsum(values)
    if op == "avg":
        return statistics.fmean(values)
    if op == "count":
        return float(len(values))
    if op == "group":
        return 1.0
    if op in ("min", "max"):
        numbers = [v for v in values if not math.isnan(v)]  # NaN only wins when there is nothing else
        return (min if op == "min" else max)(numbers) if numbers else math.nan
    if op == "stddev":
        return statistics.pstdev(values)
    if op == "stdvar":
        return statistics.pvariance(values)
    return quantile(param, values)


def quantile(q: float, values: list[float]) -> float:
    """Prometheus' ``quantile``: linear interpolation between the closest ranks."""
    if math.isnan(q) or not values:
        return math.nan
    if q < 0:
        return -math.inf
    if q > 1:
        return math.inf
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    weight = rank - low
    return ordered[low] * (1 - weight) + ordered[high] * weight
