"""kubectl's JSONPath templates: ``{.items[*].metadata.name}``, ``{range}...{end}``, filters.

Supported: text outside braces, quoted literals (``{"\\t"}``), ``$`` / ``@``, ``.field`` (with
``\\.`` escapes), ``..field``, ``.*``, ``[*]``, ``[n]``, ``[-n]``, ``[a:b:c]``, ``['key', ...]``,
``[?(@.a=="x")]`` with ``== != < <= > >=`` or bare existence, and nested ``range``. Missing keys
print nothing, as kubectl's printer allows them. Several results of one expression are joined
with spaces; maps and lists print as compact JSON, like kubectl.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..args import KubectlError
from .go_syntax import go_quote, go_sharp_v
from .json_yaml import go_json

__all__ = ["JSONPath", "evaluate", "format_value", "parse"]

_STRING_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


class _ParseError(Exception):
    pass


class _EvalError(Exception):
    """A template that parsed but cannot run on this data (client-go's jsonpath execution errors)."""


@dataclass
class _Expr:
    steps: list[tuple]  # ("root",), ("field", name), ("recurse", name), ("all",), ("index", [..]), ...


@dataclass
class _Range:
    expr: _Expr
    body: list = field(default_factory=list)


@dataclass
class JSONPath:
    source: str
    nodes: list  # str | _Expr | _Range

    def render(self, data: object) -> str:
        out: list[str] = []
        try:
            _render(self.nodes, data, data, out)
        except _EvalError as err:
            # kubectl's JSONPath printer, word for word, with the object as Go's %#v prints it
            raise KubectlError(
                f"error: error executing jsonpath {go_quote(self.source)}: Error executing template: {err}. "
                "Printing more information for debugging the template:\n"
                f"\ttemplate was:\n\t\t{self.source}\n"
                f"\tobject given to jsonpath engine was:\n\t\t{go_sharp_v(data)}\n\n\n") from None
        return "".join(out)


def parse(template: str) -> JSONPath:
    try:
        return JSONPath(template, _parse_template(template))
    except _ParseError as err:
        raise KubectlError(f"error: error parsing jsonpath {template}, {err}") from None


def evaluate(path: str, data: object) -> list:
    """Values a single path expression (``.a.b`` or ``{.a.b}``) selects from ``data``."""
    inner = path.strip()
    if inner.startswith("{") and inner.endswith("}"):
        inner = inner[1:-1]
    try:
        expr = _parse_expr(inner)
    except _ParseError as err:
        raise KubectlError(f"error: error parsing jsonpath {path}, {err}") from None
    try:
        return list(_eval(expr, data, data))
    except _EvalError:
        return []  # --sort-by and custom-columns treat what cannot be read as missing


def _parse_template(template: str) -> list:
    root: list = []
    stack: list[list] = [root]
    i = 0
    while i < len(template):
        start = template.find("{", i)
        if start < 0:
            stack[-1].append(template[i:])
            break
        if start > i:
            stack[-1].append(template[i:start])
        end = _closing_brace(template, start)
        action = template[start + 1:end].strip()
        i = end + 1
        if action == "end":
            if len(stack) == 1:
                raise _ParseError("not in range, nothing to end")
            stack.pop()
        elif action.startswith("range ") or action.startswith("range\t"):
            node = _Range(_parse_expr(action[6:].strip()))
            stack[-1].append(node)
            stack.append(node.body)
        elif action[:1] in "\"'" and action[-1:] == action[:1] and len(action) >= 2:
            stack[-1].append(_unquote(action[1:-1]))
        else:
            stack[-1].append(_parse_expr(action))
    if len(stack) != 1:
        raise _ParseError("range is not closed with {end}")
    return root


def _closing_brace(text: str, start: int) -> int:
    quote = None
    i = start + 1
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "}":
            return i
        i += 1
    raise _ParseError("unclosed action")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _STRING_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


_NAME_RE = re.compile(r"(?:\\.|[^.\[\]()\s\\])+")


def _parse_expr(text: str) -> _Expr:
    steps: list[tuple] = []
    i = 0
    if text[:1] in ("$", "@"):
        steps.append(("root",) if text[0] == "$" else ("current",))
        i = 1
    while i < len(text):
        ch = text[i]
        if text.startswith("..", i):
            m = _NAME_RE.match(text, i + 2)
            if not m:
                raise _ParseError("missing field name after ..")
            steps.append(("recurse", m.group(0).replace("\\.", ".")))
            i = m.end()
        elif ch == ".":
            if text.startswith(".*", i):
                steps.append(("all",))
                i += 2
                continue
            m = _NAME_RE.match(text, i + 1)
            if not m:
                i += 1  # a bare "." is the current object
                continue
            steps.append(("field", m.group(0).replace("\\.", ".")))
            i = m.end()
        elif ch == "[":
            end = _closing_bracket(text, i)
            steps.append(_bracket(text[i + 1:end].strip()))
            i = end + 1
        elif ch.isspace():
            i += 1
        else:
            m = _NAME_RE.match(text, i)
            if not m:
                raise _ParseError(f"unrecognized character in action: {ch!r}")
            steps.append(("field", m.group(0).replace("\\.", ".")))
            i = m.end()
    return _Expr(steps)


def _closing_bracket(text: str, start: int) -> int:
    depth, quote = 0, None
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
    raise _ParseError("unterminated array")


def _bracket(inner: str) -> tuple:
    if inner == "*":
        return ("all",)
    if inner.startswith("?"):
        body = inner[1:].strip()
        if not (body.startswith("(") and body.endswith(")")):
            raise _ParseError(f"invalid filter {inner}")
        return ("filter", _parse_filter(body[1:-1].strip()))
    if inner[:1] in "\"'":
        keys = [_unquote(k.strip()[1:-1]) for k in _split_top(inner, ",")]
        return ("keys", keys)
    if ":" in inner:
        parts = [p.strip() for p in inner.split(":")]
        try:
            nums = [int(p) if p else None for p in parts]
        except ValueError:
            raise _ParseError(f"invalid array slice [{inner}]") from None
        return ("slice", (nums + [None, None, None])[:3])
    try:
        return ("index", [int(p) for p in inner.split(",")])
    except ValueError:
        raise _ParseError(f"invalid array index {inner}") from None


def _split_top(text: str, sep: str) -> list[str]:
    parts, quote, current = [], None, []
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == sep:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


_OPS = ("==", "!=", "<=", ">=", "<", ">")


def _parse_filter(text: str) -> tuple:
    quote = None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
            continue
        if ch in "\"'":
            quote = ch
            continue
        for op in _OPS:
            if text.startswith(op, i):
                return (_operand(text[:i].strip()), op, _operand(text[i + len(op):].strip()))
    return (_operand(text), None, None)


def _operand(text: str) -> tuple:
    if text[:1] in ("@", "$"):
        return ("path", _parse_expr(text))
    if text[:1] in "\"'" and text[-1:] == text[:1]:
        return ("value", _unquote(text[1:-1]))
    if text in ("true", "false"):
        return ("value", text == "true")
    try:
        return ("value", float(text) if "." in text else int(text))
    except ValueError:
        raise _ParseError(f"unrecognized filter operand {text}") from None


def _eval(expr: _Expr, current: object, root: object) -> Iterator:
    values = [current]
    for step in expr.steps:
        values = list(_apply(step, values, root))
    return iter(values)


def _apply(step: tuple, values: list, root: object) -> Iterator:
    kind = step[0]
    if kind == "root":
        yield root
    elif kind == "current":
        yield from values
    elif kind == "field":
        for v in values:
            if isinstance(v, dict) and step[1] in v:
                yield v[step[1]]
    elif kind == "keys":
        for v in values:
            if isinstance(v, dict):
                yield from (v[k] for k in step[1] if k in v)
    elif kind == "all":
        for v in values:
            if isinstance(v, list):
                yield from v
            elif isinstance(v, dict):
                yield from (v[k] for k in sorted(v))
    elif kind == "index":
        for index in step[1]:  # a union [a,b] runs each index over all the values
            for v in values:
                yield from _array(v, index, index + 1, None, single=True)
    elif kind == "slice":
        start, stop, stride = step[1]
        for v in values:
            yield from _array(v, start, stop, stride, single=False)
    elif kind == "recurse":
        for v in values:
            yield from _descend(v, step[1])
    elif kind == "filter":
        for v in values:
            if isinstance(v, list):
                yield from (item for item in v if _test(step[1], item, root))


_GO_TYPES = {dict: "map[string]interface {}", str: "string", int: "int64", float: "float64", bool: "bool"}


def _array(value: object, start: int | None, stop: int | None, stride: int | None, single: bool) -> list:
    """client-go's evalArray: Python slicing, but out-of-range bounds are errors."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _EvalError(f"{_GO_TYPES.get(type(value), type(value).__name__)} is not array or slice")
    n = len(value)
    lo = 0 if start is None else start + (n if start < 0 else 0)
    hi = n if stop is None else stop
    if hi < 0 or (hi == 0 and single):
        hi += n
    if hi == lo:
        return []
    if not 0 <= lo < n:
        raise _EvalError(f"array index out of bounds: index {lo}, length {n}")
    if not 0 <= hi <= n:
        raise _EvalError(f"array index out of bounds: index {hi - 1}, length {n}")
    if lo > hi:
        raise _EvalError(f"starting index {lo} is greater than ending index {hi}")
    if stride is not None and stride <= 0:
        raise _EvalError("step must be > 0")
    return value[lo:hi:stride or 1]


def _descend(value: object, name: str) -> Iterator:
    if isinstance(value, dict):
        if name in value:
            yield value[name]
        for key in sorted(value):
            yield from _descend(value[key], name)
    elif isinstance(value, list):
        for item in value:
            yield from _descend(item, name)


def _resolve(operand: tuple, item: object, root: object) -> list:
    if operand[0] == "value":
        return [operand[1]]
    return list(_eval(operand[1], item, root))


def _test(cond: tuple, item: object, root: object) -> bool:
    left, op, right = cond
    lvals = _resolve(left, item, root)
    if op is None:
        return bool(lvals) and lvals[0] not in (None, False, "")
    rvals = _resolve(right, item, root)
    if not lvals or not rvals:
        return False
    a, b = lvals[0], rvals[0]
    numeric = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (a, b))
    if not numeric:
        a, b = format_value(a), format_value(b)
    try:
        return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    except TypeError:
        return False


def format_value(value: object) -> str:
    """One result as kubectl prints it: raw strings, Go-style numbers, compact JSON for the rest."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if value is None:
        return "null"
    return go_json(value)


def _render(nodes: list, current: object, root: object, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Range):
            for item in _eval(node.expr, current, root):
                _render(node.body, item, root, out)
        else:
            out.append(" ".join(format_value(v) for v in _eval(node, current, root)))
