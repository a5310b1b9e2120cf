"""jq's built-in functions and ``@format``s, keyed by (name, arity)."""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Callable, Iterator
from itertools import islice

from aoi.twin.shell.textutils.jq.evaluate import (
    Env,
    JqError,
    dumps,
    evaluate,
    iterate,
    sort_key,
    truthy,
    type_name,
)
from aoi.twin.shell.textutils.jq.parser import Node
from aoi.twin.shell.textutils.jq.paths import PATH_BUILTINS

Builtin = Callable[[list[Node], object, Env], Iterator[object]]
_TABLE: dict[tuple[str, int], Builtin] = {}
_FLAG_BITS = {"i": re.IGNORECASE, "x": re.VERBOSE, "s": re.DOTALL}


def _builtin(name: str, arity: int = 0):
    def register(fn: Builtin) -> Builtin:
        _TABLE[(name, arity)] = fn
        return fn

    return register


def _value(fn: Callable[[object], object]) -> Builtin:
    """A builtin of arity 0 that maps its input to one output."""
    return lambda args, value, env: iter((fn(value),))


def _one_arg(fn: Callable[[object, object], object]) -> Builtin:
    """A builtin of arity 1 whose argument is evaluated (each output of it gives one result)."""
    return lambda args, value, env: (fn(value, a) for a in evaluate(args[0], value, env))


def _length(value: object) -> object:
    if value is None:
        return 0
    if isinstance(value, bool):
        raise JqError("boolean (" + dumps(value) + ") has no length")
    if isinstance(value, (int, float)):
        return abs(value)
    return len(value)


def _keys(value: object, sort: bool = True) -> list:
    if isinstance(value, dict):
        return sorted(value) if sort else list(value)
    if isinstance(value, list):
        return list(range(len(value)))
    raise JqError(f"{type_name(value)} ({dumps(value)}) has no keys")


def _require(kind: str, value: object, what: str) -> None:
    if type_name(value) != kind:
        raise JqError(f"{type_name(value)} ({dumps(value)}) {what}")


def _contains(a: object, b: object) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return all(k in a and _contains(a[k], v) for k, v in b.items())
    if isinstance(a, list) and isinstance(b, list):
        return all(any(_contains(x, y) for x in a) for y in b)
    if isinstance(a, str) and isinstance(b, str):
        return b in a
    if type_name(a) == type_name(b):
        return a == b
    raise JqError(
        f"{type_name(a)} ({dumps(a)}) and {type_name(b)} ({dumps(b)}) cannot have their containment checked"
    )


def _regex(pattern: object, flags: object) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise JqError(f"{type_name(pattern)} ({dumps(pattern)}) cannot be matched, as it is not a string")
    bits = 0
    for flag in flags or "":
        bits |= _FLAG_BITS.get(flag, 0)
    try:
        return re.compile(pattern, bits)
    except re.error as e:
        raise JqError(f"{pattern} (at offset {e.pos or 0}) is not a valid regex: {e.msg}") from None


def _test(args: list[Node], value: object, env: Env) -> Iterator[object]:
    if not isinstance(value, str):
        raise JqError(f"{type_name(value)} ({dumps(value)}) cannot be matched, as it is not a string")
    flags_list = list(evaluate(args[1], value, env)) if len(args) > 1 else [None]
    for pattern in evaluate(args[0], value, env):
        for flags in flags_list:
            yield _regex(pattern, flags).search(value) is not None


def _sub(args: list[Node], value: object, env: Env, count: int) -> Iterator[object]:
    if not isinstance(value, str):
        raise JqError(f"{type_name(value)} ({dumps(value)}) cannot be matched, as it is not a string")
    flags = next(iter(evaluate(args[2], value, env))) if len(args) > 2 else ""
    count = 0 if "g" in (flags or "") else count
    for pattern in evaluate(args[0], value, env):
        regex = _regex(pattern, flags)

        def repl(m: re.Match[str]) -> str:
            groups = {k: v for k, v in m.groupdict().items()}
            outs = list(evaluate(args[1], groups, env))
            return outs[0] if outs and isinstance(outs[0], str) else ""

        yield regex.sub(repl, value, count=count)


def _by(fn_name: str) -> Builtin:
    def run(args: list[Node], value: object, env: Env) -> Iterator[object]:
        _require(
            "array", value, f"cannot be {'sorted' if fn_name == 'sort' else 'grouped'}, as it is not an array"
        )
        keyed = [([sort_key(k) for k in evaluate(args[0], item, env)], item) for item in value]
        keyed.sort(key=lambda pair: pair[0])
        if fn_name == "sort":
            yield [item for _, item in keyed]
        elif fn_name in ("min", "max"):
            if not keyed:
                yield None
            else:
                yield (keyed[0] if fn_name == "min" else keyed[-1])[1]
        else:
            groups: list[tuple[object, list]] = []
            for k, item in keyed:
                if groups and groups[-1][0] == k:
                    groups[-1][1].append(item)
                else:
                    groups.append((k, [item]))
            yield [g for _, g in groups] if fn_name == "group" else [g[0] for _, g in groups]

    return run


def _sorted(value: object) -> list:
    _require("array", value, "cannot be sorted, as it is not an array")
    return sorted(value, key=sort_key)


def _add(value: object) -> object:
    from aoi.twin.shell.textutils.jq.evaluate import arithmetic

    total = None
    for item in iterate(value):
        total = arithmetic("+", total, item)
    return total


def _tostring(value: object) -> str:
    return value if isinstance(value, str) else dumps(value)


def _tonumber(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise JqError(f"Cannot parse '{value}' as JSON") from None
    return int(number) if number.is_integer() and "." not in str(value) else number


def _to_entries(value: object) -> list:
    items = value.items() if isinstance(value, dict) else enumerate(iterate(value))
    return [{"key": k, "value": x} for k, x in items]


def _from_entries(value: object) -> dict:
    """jq 1.7's: key from key (else k, name, Name, K, Key), non-strings as JSON; value from value or v."""
    out = {}
    for item in iterate(value):
        key = item.get("key")
        if key is None:
            named = (item.get(k) for k in ("k", "name", "Name", "K") if truthy(item.get(k)))
            key = next(named, item.get("Key"))
        out[key if isinstance(key, str) else dumps(key)] = item["value"] if "value" in item else item.get("v")
    return out


def _flatten(value: object, depth: float = 1e9) -> list:
    out = []
    for item in value:
        out.extend(_flatten(item, depth - 1) if isinstance(item, list) and depth > 0 else [item])
    return out


def _recurse(value: object) -> Iterator[object]:
    yield value
    if isinstance(value, (list, dict)):
        for child in iterate(value):
            yield from _recurse(child)


def _format(name: str, value: object) -> str:
    if name == "@text":
        return _tostring(value)
    if name == "@json":
        return dumps(value)
    if name == "@base64":
        return base64.b64encode(_tostring(value).encode()).decode()
    if name == "@base64d":
        text = _tostring(value)
        try:
            return base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8", errors="replace")
        except ValueError:
            raise JqError(f"string ({dumps(text)}) is not valid base64 data") from None
    if name in ("@csv", "@tsv"):
        _require("array", value, f"cannot be {name[1:]}-formatted, only an array can be")
        if name == "@csv":
            return ",".join(
                '"' + v.replace('"', '""') + '"' if isinstance(v, str) else _tostring(v) for v in value
            )
        return "\t".join(_tostring(v).replace("\\", "\\\\").replace("\t", "\\t") for v in value)
    if name == "@sh":
        items = value if isinstance(value, list) else [value]
        return " ".join(
            "'" + v.replace("'", "'\\''") + "'" if isinstance(v, str) else _tostring(v) for v in items
        )
    if name == "@uri":
        from urllib.parse import quote

        return quote(_tostring(value), safe="-_.~")
    if name == "@html":
        return (
            _tostring(value)
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("'", "&#39;")
            .replace('"', "&quot;")
        )
    raise JqError(f"{name[1:]} is not a valid format")


_TABLE.update(
    {
        ("empty", 0): lambda a, v, e: iter(()),
        ("not", 0): _value(lambda v: not truthy(v)),
        ("length", 0): _value(_length),
        ("utf8bytelength", 0): _value(lambda v: len(v.encode())),
        ("keys", 0): _value(_keys),
        ("keys_unsorted", 0): _value(lambda v: _keys(v, False)),
        ("values", 0): lambda a, v, e: iter(() if v is None else (v,)),
        ("to_entries", 0): _value(_to_entries),
        ("from_entries", 0): _value(_from_entries),
        ("type", 0): _value(type_name),
        ("add", 0): _value(_add),
        ("any", 0): _value(lambda v: any(truthy(x) for x in iterate(v))),
        ("all", 0): _value(lambda v: all(truthy(x) for x in iterate(v))),
        ("sort", 0): _value(_sorted),
        ("unique", 0): _value(
            lambda v: [
                x for i, x in enumerate(_sorted(v)) if i == 0 or sort_key(x) != sort_key(_sorted(v)[i - 1])
            ]
        ),
        ("reverse", 0): _value(
            lambda v: v[::-1] if isinstance(v, (list, str)) else [] if v is None else list(v)
        ),
        ("min", 0): _value(lambda v: min(v, key=sort_key) if v else None),
        ("max", 0): _value(lambda v: max(v, key=sort_key) if v else None),
        ("first", 0): _value(lambda v: v[0] if v else None),
        ("last", 0): _value(lambda v: v[-1] if v else None),
        ("tostring", 0): _value(_tostring),
        ("tonumber", 0): _value(_tonumber),
        ("tojson", 0): _value(dumps),
        ("fromjson", 0): _value(lambda v: json.loads(v)),
        ("ascii_downcase", 0): _value(lambda v: v.lower()),
        ("ascii_upcase", 0): _value(lambda v: v.upper()),
        ("flatten", 0): _value(_flatten),
        ("floor", 0): _value(math.floor),
        ("ceil", 0): _value(math.ceil),
        ("round", 0): _value(lambda v: math.floor(v + 0.5)),
        ("sqrt", 0): _value(math.sqrt),
        ("fabs", 0): _value(abs),
        ("abs", 0): _value(abs),
        ("recurse", 0): lambda a, v, e: _recurse(v),
        ("env", 0): _value(lambda v: {}),
        ("input_line_number", 0): _value(lambda v: 0),
        ("arrays", 0): lambda a, v, e: iter((v,) if isinstance(v, list) else ()),
        ("objects", 0): lambda a, v, e: iter((v,) if isinstance(v, dict) else ()),
        ("strings", 0): lambda a, v, e: iter((v,) if isinstance(v, str) else ()),
        ("numbers", 0): lambda a, v, e: iter((v,) if type_name(v) == "number" else ()),
        ("booleans", 0): lambda a, v, e: iter((v,) if isinstance(v, bool) else ()),
        ("nulls", 0): lambda a, v, e: iter((v,) if v is None else ()),
        ("iterables", 0): lambda a, v, e: iter((v,) if isinstance(v, (list, dict)) else ()),
        ("scalars", 0): lambda a, v, e: iter((v,) if not isinstance(v, (list, dict)) else ()),
        ("has", 1): _one_arg(lambda v, k: k in v if isinstance(v, dict) else 0 <= k < len(v)),
        ("contains", 1): _one_arg(_contains),
        ("inside", 1): _one_arg(lambda v, b: _contains(b, v)),
        ("startswith", 1): _one_arg(lambda v, s: isinstance(v, str) and v.startswith(s)),
        ("endswith", 1): _one_arg(lambda v, s: isinstance(v, str) and v.endswith(s)),
        ("ltrimstr", 1): _one_arg(lambda v, s: v[len(s) :] if isinstance(v, str) and v.startswith(s) else v),
        ("rtrimstr", 1): _one_arg(
            lambda v, s: v[: -len(s)] if isinstance(v, str) and s and v.endswith(s) else v
        ),
        ("split", 1): _one_arg(lambda v, s: v.split(s) if v else []),
        ("join", 1): _one_arg(
            lambda v, s: s.join(
                "" if x is None else x if isinstance(x, str) else dumps(x) for x in iterate(v)
            )
        ),
        ("flatten", 1): _one_arg(_flatten),
        ("error", 1): lambda a, v, e: _raise(next(evaluate(a[0], v, e), None)),
        ("error", 0): lambda a, v, e: _raise(v),
        ("test", 1): _test,
        ("test", 2): _test,
        ("sub", 2): lambda a, v, e: _sub(a, v, e, 1),
        ("sub", 3): lambda a, v, e: _sub(a, v, e, 1),
        ("gsub", 2): lambda a, v, e: _sub(a, v, e, 0),
        ("gsub", 3): lambda a, v, e: _sub(a, v, e, 0),
        ("sort_by", 1): _by("sort"),
        ("group_by", 1): _by("group"),
        ("unique_by", 1): _by("unique"),
        ("min_by", 1): _by("min"),
        ("max_by", 1): _by("max"),
        ("map", 1): lambda a, v, e: iter(([out for item in iterate(v) for out in evaluate(a[0], item, e)],)),
        ("select", 1): lambda a, v, e: (v for c in evaluate(a[0], v, e) if truthy(c)),
        ("with_entries", 1): lambda a, v, e: iter(
            (_from_entries([out for entry in _to_entries(v) for out in evaluate(a[0], entry, e)]),)
        ),
        ("any", 1): lambda a, v, e: iter((any(truthy(c) for x in iterate(v) for c in evaluate(a[0], x, e)),)),
        ("all", 1): lambda a, v, e: iter((all(truthy(c) for x in iterate(v) for c in evaluate(a[0], x, e)),)),
        ("first", 1): lambda a, v, e: islice(evaluate(a[0], v, e), 1),
        ("last", 1): lambda a, v, e: iter(list(evaluate(a[0], v, e))[-1:]),
        ("limit", 2): lambda a, v, e: (
            x for n in evaluate(a[0], v, e) for x in islice(evaluate(a[1], v, e), int(n))
        ),
        ("range", 1): lambda a, v, e: (i for n in evaluate(a[0], v, e) for i in range(int(n))),
        ("range", 2): lambda a, v, e: (
            i for lo in evaluate(a[0], v, e) for hi in evaluate(a[1], v, e) for i in range(int(lo), int(hi))
        ),
        ("recurse", 1): lambda a, v, e: _recurse_with(a[0], v, e),
        **PATH_BUILTINS,
    }
)


def _raise(message: object) -> Iterator[object]:
    raise JqError(message)


def _recurse_with(node: Node, value: object, env: Env) -> Iterator[object]:
    yield value
    for child in evaluate(node, value, env):
        yield from _recurse_with(node, child, env)


def call(node: Node, value: object, env: Env) -> Iterator[object]:
    """Run a ``("call", name, args)`` or ``("format", "@name")`` node."""
    if node[0] == "format":
        yield _format(node[1], value)
        return
    _, name, args = node
    fn = _TABLE.get((name, len(args)))
    if fn is None:
        raise JqError(f"{name}/{len(args)} is not defined")
    try:
        yield from fn(args, value, env)
    except (TypeError, AttributeError, KeyError, ValueError) as e:
        if isinstance(e, JqError):
            raise
        raise JqError(f"{type_name(value)} ({dumps(value)[:11]}) cannot be processed by {name}") from None


def undefined_calls(node: object) -> list[str]:
    """``name/arity`` of every call in a parsed filter that no builtin answers (jq's compile error)."""
    if not isinstance(node, (tuple, list)):
        return []
    missing = []
    if isinstance(node, tuple) and node and node[0] == "call" and (node[1], len(node[2])) not in _TABLE:
        missing.append(f"{node[1]}/{len(node[2])}")
    for child in node:
        missing.extend(undefined_calls(child))
    return missing


__all__ = ["call", "undefined_calls"]
