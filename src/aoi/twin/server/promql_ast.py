"""PromQL's syntax tree, as the parser (`promql`) builds it and the evaluator (`promql_eval`) walks it.

Every node has a ``type``: ``scalar``, ``vector`` (instant vector), ``matrix`` (range vector) or
``string``, as Prometheus types expressions. Durations and offsets are milliseconds. `FUNCTIONS`
is the signature table of the functions the twin evaluates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "FUNCTIONS", "Aggregate", "Binary", "Call", "Expr", "MatrixSelector", "Matcher", "NumberLiteral",
    "PromQLError", "StringLiteral", "Unary", "VectorSelector", "check_regex",
]  # fmt: skip


class PromQLError(ValueError):
    """A query that does not parse, or that uses what the twin does not evaluate; ``str`` is
    Prometheus' ``<line>:<col>: parse error: <message>``."""

    def __init__(self, message: str, pos: int = 0) -> None:
        super().__init__(f"1:{pos + 1}: parse error: {message}")


@dataclass(frozen=True)
class Matcher:
    name: str
    op: str  # "=", "!=", "=~", "!~"
    value: str

    def matches(self, value: str) -> bool:
        if self.op == "=":
            return value == self.value
        if self.op == "!=":
            return value != self.value
        found = _regex(self.value).fullmatch(value) is not None  # Prometheus anchors regexes
        return found if self.op == "=~" else not found


@dataclass(frozen=True)
class NumberLiteral:
    value: float
    type = "scalar"


@dataclass(frozen=True)
class StringLiteral:
    value: str
    type = "string"


@dataclass(frozen=True)
class VectorSelector:
    matchers: tuple[Matcher, ...]
    offset_ms: int = 0
    type = "vector"


@dataclass(frozen=True)
class MatrixSelector:
    vector: VectorSelector
    range_ms: int
    type = "matrix"


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Expr, ...]

    @property
    def type(self) -> str:
        return FUNCTIONS[self.func][1]


@dataclass(frozen=True)
class Aggregate:
    op: str
    expr: Expr
    param: Expr | None
    grouping: tuple[str, ...]
    without: bool
    type = "vector"


@dataclass(frozen=True)
class Binary:
    op: str
    lhs: Expr
    rhs: Expr
    bool_modifier: bool = False
    on: bool = False  # True: match on ``labels``; False: ignoring ``labels``
    labels: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        return "vector" if "vector" in (self.lhs.type, self.rhs.type) else "scalar"


@dataclass(frozen=True)
class Unary:
    op: str
    expr: Expr

    @property
    def type(self) -> str:
        return self.expr.type


Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | Call | Aggregate | Binary | Unary

# name -> (argument types, return type, how many trailing arguments may be left out)
FUNCTIONS: dict[str, tuple[tuple[str, ...], str, int]] = {
    **{name: (("matrix",), "vector", 0) for name in (
        "rate", "irate", "increase", "delta", "idelta", "changes", "resets", "avg_over_time",
        "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "last_over_time",
        "stddev_over_time", "stdvar_over_time", "present_over_time")},
    **{name: (("vector",), "vector", 0) for name in (
        "abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "sort", "sort_desc", "absent")},
    "round": (("vector", "scalar"), "vector", 1),
    "clamp": (("vector", "scalar", "scalar"), "vector", 0),
    "clamp_min": (("vector", "scalar"), "vector", 0),
    "clamp_max": (("vector", "scalar"), "vector", 0),
    "scalar": (("vector",), "scalar", 0),
    "vector": (("scalar",), "vector", 0),
    "time": ((), "scalar", 0),
}


@lru_cache(maxsize=512)
def _regex(text: str) -> re.Pattern:
    return re.compile(f"(?s:{text})")  # RE2's ``.`` matches newlines in Prometheus' matchers


def check_regex(text: str, pos: int) -> None:
    try:
        _regex(text)
    except re.error as err:
        raise PromQLError(f"error parsing regexp: {err}: `{text}`", pos) from None
