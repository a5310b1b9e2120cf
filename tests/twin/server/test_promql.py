"""The PromQL subset: parsing (precedence, Prometheus' errors, what is not supported) and evaluation
with Prometheus 2.47's semantics, over hand-written series."""

from __future__ import annotations

import math

import pytest

from aoi.twin.server.promql import parse
from aoi.twin.server.promql_api import format_value
from aoi.twin.server.promql_ast import PromQLError
from aoi.twin.server.promql_eval import EvalError, Evaluator, Series

S = 1000  # ms


def series(name: str, values: list[float], *, start: int = 0, step: int = 15 * S, stale: tuple[int, ...] = (),
           **labels: str) -> Series:
    pairs = tuple(sorted({"__name__": name, **labels}.items()))
    return Series(pairs, [start + i * step for i in range(len(values))], [float(v) for v in values], list(stale))


class Source:
    def __init__(self, *found: Series) -> None:
        self.found = found

    def select(self, matchers, start_ms, end_ms):
        return [s for s in self.found if all(m.matches(dict(s.labels).get(m.name, "")) for m in matchers)]


def at(query: str, t: int, *found: Series):
    return Evaluator(Source(*found), t, t).instant(parse(query), t)


def values(query: str, t: int, *found: Series) -> dict[tuple, float]:
    kind, result = at(query, t, *found)
    assert kind == "vector"
    return {tuple(v for k, v in labels if k != "__name__"): value for labels, value in result}


@pytest.mark.parametrize(("query", "expected"), [
    ("-2^2", -4.0), ("2^3^2", 512.0), ("1 + 2 * 3 - 4 / 2", 5.0), ("(1 + 2) * 3", 9.0), ("7 % 4", 3.0),
    ("2 > bool 1", 1.0), ("1e3 + 0x10", 1016.0), ("1 / 0", math.inf), ("-1 / 0", -math.inf),
])  # fmt: skip
def test_scalar_arithmetic_and_precedence(query, expected):
    assert at(query, 0) == ("scalar", expected)


@pytest.mark.parametrize(("query", "message"), [
    ("", "1:1: parse error: no expression found in input"),
    ("rate(m)", 'expected type range vector in call to function "rate", got instant vector'),
    ("sum(m[5m])", "expected type instant vector in aggregation expression, got range vector"),
    ("nosuch(m)", 'unknown function with name "nosuch"'),
    ("histogram_quantile(0.9, m)", "function \"histogram_quantile\" is not supported by the cluster twin's PromQL"),
    ("m[5m:1m]", "subqueries are not supported"),
    ("m * on(pod) group_left m", "group_left (many-to-one matching) is not supported"),
    ("m @ 100", "the @ modifier is not supported"),
    ("count_values(\"v\", m)", 'aggregation "count_values" is not supported'),
    ("1 > 2", "comparisons between scalars must use BOOL modifier"),
    ('{pod=""}', "vector selector must contain at least one non-empty matcher"),
    ('m{pod="a"', "1:10: parse error: unexpected end of input in label matching"),
    ('m{pod=~"("}', "error parsing regexp"),
    ("sum(m", "unexpected end of input in aggregation"),
])  # fmt: skip
def test_parse_errors_say_what_is_wrong_or_unsupported(query, message):
    with pytest.raises(PromQLError) as err:
        parse(query)
    assert message in str(err.value) and str(err.value).startswith("1:")


def test_selectors_take_both_quotes_and_anchored_regexes():
    found = [series("m", [1], pod="geo-1"), series("m", [2], pod="geo-10"), series("m", [3], pod="xgeo-1")]
    assert values("m{pod=~'geo-.'}", 0, *found) == {("geo-1",): 1.0}
    assert values('m{pod!~"geo.*", pod!="x"}', 0, *found) == {("xgeo-1",): 3.0}
    assert values('{__name__="m", pod="geo-10"}', 0, *found) == {("geo-10",): 2.0}


def test_rate_and_increase_extrapolate_like_prometheus():
    counter = series("c", [100 + 1.5 * i for i in range(20)])  # 0.1/s, a sample every 15 s
    assert values("rate(c[1m])", 120 * S, counter) == {(): pytest.approx(0.1)}
    # Off the sample grid the window holds 4 samples (45 s) and is extrapolated to its 60 s.
    assert values("increase(c[1m])", 127_500, counter) == {(): pytest.approx(6.0)}
    reset = series("c", [10, 20, 5, 15], start=60 * S)
    assert values("increase(c[45s])", 105 * S, reset) == {(): pytest.approx(25.0)}  # 10 + 20 (reset) - 5
    young = series("c", [1, 2, 3], start=60 * S)  # extrapolating to the start would go below zero
    assert values("increase(c[5m])", 90 * S, young) == {(): pytest.approx(2 * (30 + 15) / 30)}
    assert values("delta(c[1m])", 120 * S, counter) == {(): pytest.approx(6.0)}
    assert values("irate(c[1m])", 120 * S, counter) == {(): pytest.approx(0.1)}
    assert values("idelta(c[1m])", 120 * S, counter) == {(): pytest.approx(1.5)}
    assert values("rate(c[1m])", 0, counter) == {}  # one sample is not a rate


def test_instant_selectors_look_back_five_minutes_but_stop_at_staleness():
    live = series("g", [1, 2, 3], pod="live")
    stopped = series("g", [7, 8], pod="gone", stale=(30 * S,))
    assert values("g", 20 * S, live, stopped) == {("live",): 2.0, ("gone",): 8.0}
    assert values("g", 31 * S, live, stopped) == {("live",): 3.0}
    assert values("g", 330 * S, live) == {("live",): 3.0} and values("g", 331 * S, live) == {}
    assert values("g offset 15s", 30 * S, live) == {("live",): 2.0}
    assert values("last_over_time(g[1m])", 40 * S, live, stopped) == {("live",): 3.0, ("gone",): 8.0}


def test_over_time_functions():
    g = series("g", [4, 2, 6, 2])
    t = 45 * S
    expected = {"avg": 3.5, "min": 2.0, "max": 6.0, "sum": 14.0, "count": 4.0, "last": 2.0}
    for name, value in expected.items():
        assert values(f"{name}_over_time(g[1m])", t, g) == {(): value}
    assert values("changes(g[1m])", t, g) == {(): 3.0} and values("resets(g[1m])", t, g) == {(): 2.0}


def test_aggregations_group_and_rank():
    found = [series("m", [v], pod=p, ns=n) for v, p, n in ((1, "a", "x"), (5, "b", "x"), (3, "c", "y"))]
    assert values("sum by (ns) (m)", 0, *found) == {("x",): 6.0, ("y",): 3.0}
    assert values("sum(m) without (pod)", 0, *found) == {("x",): 6.0, ("y",): 3.0}
    assert values("avg(m)", 0, *found) == {(): 3.0} and values("count(m)", 0, *found) == {(): 3.0}
    assert values("max by (ns) (m)", 0, *found) == {("x",): 5.0, ("y",): 3.0}
    assert values("quantile(0.5, m)", 0, *found) == {(): 3.0}
    kind, top = at("topk(2, m)", 0, *found)
    assert [dict(labels)["pod"] for labels, _ in top] == ["b", "c"]  # highest first, labels kept
    assert [dict(labels)["pod"] for labels, _ in at("bottomk(1, m)", 0, *found)[1]] == ["a"]
    assert [v for _, v in at("sort_desc(m)", 0, *found)[1]] == [5.0, 3.0, 1.0]


def test_binary_operators_match_vectors_like_prometheus():
    used = [series("used", [v], pod=p, container="c") for v, p in ((1, "a"), (4, "b"))]
    limit = [series("limit", [v], pod=p) for v, p in ((2, "a"), (8, "b"), (9, "z"))]
    assert values("used / on(pod) limit", 0, *used, *limit) == {("a",): 0.5, ("b",): 0.5}
    assert values("used / ignoring(container) limit", 0, *used, *limit) == {("a",): 0.5, ("b",): 0.5}
    assert values("used / limit", 0, *used, *limit) == {}  # the container label differs
    kind, kept = at("used > 2", 0, *used)
    assert [dict(labels)["__name__"] for labels, _ in kept] == ["used"]  # a filter keeps the name
    assert values("used > bool 2", 0, *used) == {("c", "a"): 0.0, ("c", "b"): 1.0}
    assert values("2 * used", 0, *used) == {("c", "a"): 2.0, ("c", "b"): 8.0}
    assert values("limit and on(pod) used", 0, *used, *limit) == {("a",): 2.0, ("b",): 8.0}
    assert values("limit unless on(pod) used", 0, *used, *limit) == {("z",): 9.0}
    assert len(values("used or limit", 0, *used, *limit)) == 5
    with pytest.raises(EvalError, match="many-to-many matching not allowed"):
        at("limit / on() used", 0, *used, *limit)
    twins = [series(name, [1, 2], pod="a") for name in ("used", "limit")]
    with pytest.raises(EvalError, match="vector cannot contain metrics with the same labelset"):
        at('rate({__name__=~"used|limit"}[1m])', 15 * S, *twins)


def test_functions_of_vectors_and_scalars():
    g = series("g", [-2.5], pod="a")
    assert values("abs(g)", 0, g) == {("a",): 2.5} and values("round(g)", 0, g) == {("a",): -2.0}
    assert values("clamp_min(g, 0)", 0, g) == {("a",): 0.0} and values("ceil(g)", 0, g) == {("a",): -2.0}
    assert at("scalar(g)", 0, g) == ("scalar", -2.5) and at("time()", 90 * S) == ("scalar", 90.0)
    assert at("vector(1)", 0) == ("vector", [((), 1.0)])
    assert at('absent(g{pod="b"})', 0, g) == ("vector", [((("pod", "b"),), 1.0)])
    assert at("g[30s]", 0, g) == ("matrix", [(g.labels, [(0, -2.5)])])


def test_range_queries_step_through_the_window():
    counter = series("c", [15 * i for i in range(9)], pod="a")  # 1/s
    matrix = Evaluator(Source(counter), 60 * S, 120 * S).range(parse("rate(c[1m]) * 60"), 60 * S, 120 * S, 30 * S)
    assert matrix == [((("pod", "a"),), [(60 * S, pytest.approx(60.0)), (90 * S, pytest.approx(60.0)),
                                          (120 * S, pytest.approx(60.0))])]


@pytest.mark.parametrize(("value", "text"), [
    (1.0, "1"), (0.1 + 0.2, "0.30000000000000004"), (1e-05, "0.00001"), (1e21, "1000000000000000000000"),
    (123456789.0, "123456789"), (-2.5, "-2.5"), (math.nan, "NaN"), (math.inf, "+Inf"), (-math.inf, "-Inf"),
])  # fmt: skip
def test_values_print_like_go(value, text):
    assert format_value(value) == text
