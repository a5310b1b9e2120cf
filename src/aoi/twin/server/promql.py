"""PromQL, the subset the twin's Prometheus answers: a recursive-descent parser over `promql_lexer`'s
tokens, building `promql_ast`'s tree.

What SREs and AIOpsLab send to a Prometheus over these apps (AIOpsLab's ``metric_api`` asks
``rate(m{pod=~'x', namespace='ns'}[5m])``, ``irate(m{pod='x', interface='eth0'}[5m])`` and bare
``m{namespace='ns'}``; dashboards add ``sum by (pod) (...)``, ``topk``, ratios and thresholds):

    expr       := or_expr
    or_expr    := and_expr ("or" match and_expr)*
    and_expr   := cmp_expr (("and" | "unless") match cmp_expr)*
    cmp_expr   := add_expr (("==" | "!=" | "<" | "<=" | ">" | ">=") ["bool"] match add_expr)*
    add_expr   := mul_expr (("+" | "-") match mul_expr)*
    mul_expr   := unary (("*" | "/" | "%") match unary)*
    unary      := ("-" | "+") unary | power          -- so -2^2 is -4, as in Prometheus
    power      := postfix ["^" match unary]           -- right-associative
    postfix    := primary ["[" duration "]"] ["offset" duration]
    primary    := number | string | "(" expr ")" | aggregation | call | selector
    match      := [("on" | "ignoring") "(" labels ")"]
    aggregation:= aggr [grouping] "(" [param ","] expr ")" [grouping]
    grouping   := ("by" | "without") "(" labels ")"
    selector   := metric ["{" matchers "}"] | "{" matchers "}"   -- matchers: = != =~ !~

Types are checked while parsing, as Prometheus does, so ``rate(m)`` or ``sum(m[5m])`` fail
with Prometheus' own messages. Constructs Prometheus has but the twin does not evaluate
(subqueries, ``@``, ``group_left``/``group_right``, histogram and label-rewriting functions,
``count_values``) fail with a `PromQLError` naming what is not supported.
"""

from __future__ import annotations

from .promql_ast import (
    FUNCTIONS,
    Aggregate,
    Binary,
    Call,
    Expr,
    Matcher,
    MatrixSelector,
    NumberLiteral,
    PromQLError,
    StringLiteral,
    Unary,
    VectorSelector,
    check_regex,
)
from .promql_lexer import Token, parse_duration, tokens, unquote

__all__ = ["AGGREGATIONS", "parse", "parse_selector"]

# Functions Prometheus has that the twin does not evaluate (named in the error, unlike unknown ones).
_UNSUPPORTED_FUNCTIONS = frozenset({
    "absent_over_time", "acos", "asin", "atan", "ceil_over_time", "cos", "day_of_month", "day_of_week",
    "day_of_year", "days_in_month", "deg", "deriv", "histogram_avg", "histogram_count", "histogram_fraction",
    "histogram_quantile", "histogram_stddev", "histogram_sum", "holt_winters", "hour", "label_join",
    "label_replace", "mad_over_time", "minute", "month", "pi", "predict_linear", "quantile_over_time", "rad",
    "sin", "sort_by_label", "sort_by_label_desc", "tan", "timestamp", "year",
})
AGGREGATIONS = frozenset({"sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk",
                          "quantile"})
_PARAM_AGGREGATIONS = frozenset({"topk", "bottomk", "quantile"})
_UNSUPPORTED_AGGREGATIONS = frozenset({"count_values", "limitk", "limit_ratio"})
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_SET_OPS = frozenset({"and", "or", "unless"})


def _supported() -> str:
    return ", ".join(sorted(FUNCTIONS))


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokens(text)
        self.i = 0

    # -- token helpers
    @property
    def peek(self) -> Token:
        return self.tokens[self.i]

    def next(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, *texts: str) -> bool:
        token = self.peek
        return token.kind in ("op", "ident") and token.text in texts

    def expect(self, text: str, context: str) -> Token:
        if not self.at(text):
            raise self.unexpected(context)
        return self.next()

    def unexpected(self, context: str) -> PromQLError:
        token = self.peek
        if token.kind == "eof":
            return PromQLError(f"unexpected end of input {context}".rstrip(), token.pos)
        return PromQLError(f'unexpected {_describe(token)} {context}'.rstrip(), token.pos)

    # -- grammar
    def parse(self) -> Expr:
        if self.peek.kind == "eof":
            raise PromQLError("no expression found in input", 0)
        expr = self.binary(0)
        if self.peek.kind != "eof":
            raise self.unexpected("")
        return expr

    _LEVELS: tuple[frozenset[str], ...] = (
        frozenset({"or"}), frozenset({"and", "unless"}), _COMPARISONS, frozenset({"+", "-"}),
        frozenset({"*", "/", "%"}),
    )

    def binary(self, level: int) -> Expr:
        if level == len(self._LEVELS):
            return self.unary()
        lhs = self.binary(level + 1)
        while self.peek.kind in ("op", "ident") and self.peek.text in self._LEVELS[level]:
            op_token = self.next()
            lhs = self.finish_binary(op_token, lhs, lambda lvl=level: self.binary(lvl + 1))
        return lhs

    def finish_binary(self, op_token: Token, lhs: Expr, operand) -> Binary:
        op = op_token.text
        bool_modifier = False
        if self.at("bool"):
            self.next()
            if op not in _COMPARISONS:
                raise PromQLError("bool modifier can only be used on comparison operators", op_token.pos)
            bool_modifier = True
        on, labels = False, ()
        if self.at("on", "ignoring"):
            on = self.next().text == "on"
            labels = self.label_list()
        if self.at("group_left", "group_right"):
            raise PromQLError(f"{self.peek.text} (many-to-one matching) is not supported by the cluster twin's "
                              "PromQL subset", self.peek.pos)
        rhs = operand()
        for side in (lhs, rhs):
            if side.type not in ("scalar", "vector"):
                raise PromQLError("binary expression must contain only scalar and instant vector types",
                                  op_token.pos)
        if (on or labels) and "scalar" in (lhs.type, rhs.type):
            raise PromQLError("vector matching only allowed between instant vectors", op_token.pos)
        if op in _SET_OPS and "scalar" in (lhs.type, rhs.type):
            raise PromQLError(f'set operator "{op}" not allowed in binary scalar expression', op_token.pos)
        if op in _COMPARISONS and not bool_modifier and lhs.type == rhs.type == "scalar":
            raise PromQLError("comparisons between scalars must use BOOL modifier", op_token.pos)
        return Binary(op, lhs, rhs, bool_modifier, on, labels)

    def unary(self) -> Expr:
        if self.at("-", "+"):
            token = self.next()
            expr = self.unary()
            if expr.type not in ("scalar", "vector"):
                raise PromQLError("unary expression only allowed on expressions of type scalar or instant vector",
                                  token.pos)
            if token.text == "+":
                return expr
            if isinstance(expr, NumberLiteral):
                return NumberLiteral(-expr.value)
            return Unary("-", expr)
        return self.power()

    def power(self) -> Expr:
        base = self.postfix()
        if self.at("^"):
            op_token = self.next()
            return self.finish_binary(op_token, base, self.unary)
        return base

    def postfix(self) -> Expr:
        expr = self.primary()
        if self.at("["):
            open_token = self.next()
            range_ms = self.duration("in range selector")
            if self.at(":"):
                raise PromQLError("subqueries are not supported by the cluster twin's PromQL subset", open_token.pos)
            self.expect("]", "in range selector")
            if not isinstance(expr, VectorSelector):
                raise PromQLError("ranges only allowed for vector selectors", open_token.pos)
            expr = MatrixSelector(expr, range_ms)
        if self.at("offset"):
            token = self.next()
            offset = self.duration("in offset")
            if isinstance(expr, VectorSelector):
                expr = VectorSelector(expr.matchers, offset)
            elif isinstance(expr, MatrixSelector):
                expr = MatrixSelector(VectorSelector(expr.vector.matchers, offset), expr.range_ms)
            else:
                raise PromQLError("offset modifier must be preceded by an instant vector selector or range vector "
                                  "selector", token.pos)
        if self.at("@"):
            raise PromQLError("the @ modifier is not supported by the cluster twin's PromQL subset", self.peek.pos)
        return expr

    def duration(self, context: str) -> int:
        token = self.peek
        if token.kind != "duration":
            raise self.unexpected(context)
        self.next()
        return parse_duration(token.text, token.pos)

    def primary(self) -> Expr:
        token = self.peek
        if token.kind == "number":
            self.next()
            return NumberLiteral(float(int(token.text, 16)) if token.text[:2].lower() == "0x" else float(token.text))
        if token.kind == "string":
            self.next()
            return StringLiteral(unquote(token))
        if token.kind == "duration":
            raise self.unexpected("")
        if self.at("("):
            self.next()
            inner = self.binary(0)
            self.expect(")", "in paren expression; expected ')'")
            return inner
        if self.at("{"):
            return self.selector(None, token.pos)
        if token.kind == "ident":
            name = token.text
            lowered = name.lower()
            if lowered in ("inf", "nan") and self.tokens[self.i + 1].text not in ("{", "("):
                self.next()
                return NumberLiteral(float(lowered))
            if lowered in AGGREGATIONS or lowered in _UNSUPPORTED_AGGREGATIONS:
                return self.aggregation()
            if self.tokens[self.i + 1].text == "(" and self.tokens[self.i + 1].kind == "op":
                return self.call()
            self.next()
            return self.selector(name, token.pos)
        raise self.unexpected("")

    def call(self) -> Call:
        token = self.next()
        name = token.text
        if name not in FUNCTIONS:
            if name in _UNSUPPORTED_FUNCTIONS:
                raise PromQLError(f'function "{name}" is not supported by the cluster twin\'s PromQL subset '
                                  f"(supported: {_supported()})", token.pos)
            raise PromQLError(f'unknown function with name "{name}"', token.pos)
        self.expect("(", "")
        args: list[Expr] = []
        while not self.at(")"):
            args.append(self.binary(0))
            if not self.at(")"):
                self.expect(",", "in call to function; expected ',' or ')'")
        self.next()
        types, result, optional = FUNCTIONS[name]
        if not len(types) - optional <= len(args) <= len(types):
            want = len(types) if not optional else f"{len(types) - optional} or {len(types)}"
            raise PromQLError(f'expected {want} argument(s) in call to "{name}", got {len(args)}', token.pos)
        for want_type, arg in zip(types, args, strict=False):
            if arg.type != want_type:
                raise PromQLError(f'expected type {_TYPE_NAMES[want_type]} in call to function "{name}", got '
                                  f"{_TYPE_NAMES[arg.type]}", token.pos)
        return Call(name, tuple(args))

    def aggregation(self) -> Aggregate:
        token = self.next()
        op = token.text.lower()
        if op in _UNSUPPORTED_AGGREGATIONS:
            raise PromQLError(f'aggregation "{op}" is not supported by the cluster twin\'s PromQL subset',
                              token.pos)
        grouping, without = self.grouping()
        self.expect("(", "in aggregation")
        param = None
        if op in _PARAM_AGGREGATIONS:
            param = self.binary(0)
            if param.type != "scalar":
                raise PromQLError(f"expected type scalar in aggregation parameter, got {_TYPE_NAMES[param.type]}",
                                  token.pos)
            self.expect(",", "in aggregation; expected ','")
        expr = self.binary(0)
        self.expect(")", "in aggregation; expected ')'")
        if grouping is None:
            grouping, without = self.grouping()
        if expr.type != "vector":
            raise PromQLError(f"expected type instant vector in aggregation expression, got "
                              f"{_TYPE_NAMES[expr.type]}", token.pos)
        return Aggregate(op, expr, param, grouping or (), without)

    def grouping(self) -> tuple[tuple[str, ...] | None, bool]:
        if self.at("by", "without"):
            without = self.next().text == "without"
            return self.label_list(), without
        return None, False

    def label_list(self) -> tuple[str, ...]:
        self.expect("(", "in grouping opts; expected '('")
        labels: list[str] = []
        while not self.at(")"):
            token = self.peek
            if token.kind != "ident" or ":" in token.text:
                raise self.unexpected("in grouping opts, expected label")
            labels.append(self.next().text)
            if not self.at(")"):
                self.expect(",", "in grouping opts, expected ',' or ')'")
        self.next()
        return tuple(labels)

    def selector(self, name: str | None, pos: int) -> VectorSelector:
        matchers: list[Matcher] = [Matcher("__name__", "=", name)] if name else []
        if self.at("{"):
            self.next()
            while not self.at("}"):
                label = self.peek
                if label.kind != "ident" or ":" in label.text:
                    raise self.unexpected("in label matching, expected label")
                self.next()
                op = self.peek
                if op.text not in ("=", "!=", "=~", "!~"):
                    raise self.unexpected("in label matching, expected one of \"=\", \"!=\", \"=~\" or \"!~\"")
                self.next()
                value = self.peek
                if value.kind != "string":
                    raise self.unexpected("in label matching, expected string")
                self.next()
                text = unquote(value)
                if op.text in ("=~", "!~"):
                    check_regex(text, value.pos)
                matchers.append(Matcher(label.text, op.text, text))
                if not self.at("}"):
                    self.expect(",", "in label matching, expected comma or closing '}'")
            self.next()
        names = [m for m in matchers if m.name == "__name__"]
        if name and len(names) > 1:
            raise PromQLError(f"metric name must not be set twice: {name!r} or {names[1].value!r}", pos)
        if not any(not m.matches("") for m in matchers):
            raise PromQLError("vector selector must contain at least one non-empty matcher", pos)
        return VectorSelector(tuple(matchers))


_TYPE_NAMES = {"scalar": "scalar", "vector": "instant vector", "matrix": "range vector", "string": "string"}


def _describe(token: Token) -> str:
    if token.kind == "ident":
        return f'identifier "{token.text}"'
    if token.kind == "number":
        return f'number "{token.text}"'
    if token.kind == "duration":
        return f'duration "{token.text}"'
    if token.kind == "string":
        return f"string {token.text}"
    return f'character "{token.text}"' if token.text in "{}()[],:" else f"<op:{token.text}>"


def parse(text: str) -> Expr:
    """The AST of ``text``; `PromQLError` when it does not parse or is outside the subset."""
    return _Parser(text).parse()


def parse_selector(text: str) -> VectorSelector:
    """A series selector as ``match[]`` takes it (``/api/v1/series``, ``/api/v1/labels``)."""
    parser = _Parser(text)
    token = parser.peek
    if token.kind == "ident" and token.text.lower() not in AGGREGATIONS and parser.tokens[1].text != "(":
        parser.next()
        selector = parser.selector(token.text, token.pos)
    elif parser.at("{"):
        selector = parser.selector(None, token.pos)
    else:
        raise parser.unexpected("")
    if parser.peek.kind != "eof":
        raise parser.unexpected("")
    return selector
