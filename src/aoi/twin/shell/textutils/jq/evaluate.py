"""Evaluates parsed jq filters as Python generators over JSON values (dict, list, str, int, float,
bool, None). Object key order is insertion order, as in jq; `sort_key` is jq's total order."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from aoi.twin.shell.textutils.jq.parser import Node

Env = dict[str, object]
T = TypeVar("T")
_TYPE_RANK = {"null": 0, "boolean": 1, "number": 3, "string": 4, "array": 5, "object": 6}


class JqError(Exception):
    """A runtime error; ``value`` is what ``error(x)`` raised or the message text."""

    def __init__(self, value: object) -> None:
        super().__init__(value if isinstance(value, str) else dumps(value))
        self.value = value


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def dumps(value: object, indent: int | None = None, sort_keys: bool = False) -> str:
    """jq's JSON text: integral floats print as integers, non-ASCII stays as is."""
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(
        normalize(value), indent=indent, separators=separators, ensure_ascii=False, sort_keys=sort_keys
    )


def normalize(value: object) -> object:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e17:
        return int(value)
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    return value


def sort_key(value: object) -> tuple:
    kind = type_name(value)
    if kind == "boolean":
        return (1 if value is False else 2,)
    if kind in ("number", "string"):
        return (_TYPE_RANK[kind], value)
    if kind == "array":
        return (5, [sort_key(v) for v in value])
    if kind == "object":
        keys = sorted(value)
        return (6, keys, [sort_key(value[k]) for k in keys])
    return (0,)


def truthy(value: object) -> bool:
    return value is not None and value is not False


def _described(value: object) -> str:
    text = dumps(value)
    return f"{type_name(value)} ({text if len(text) <= 11 else text[:10] + '...'})"


def index(value: object, key: object) -> object:
    if value is None and isinstance(key, (str, int, float)):
        return None
    if isinstance(value, dict) and isinstance(key, str):
        return value.get(key)
    if isinstance(value, list) and isinstance(key, (int, float)) and not isinstance(key, bool):
        i = int(key)
        return value[i] if -len(value) <= i < len(value) else None
    if isinstance(key, str):
        raise JqError(f'Cannot index {type_name(value)} with "{key}"')
    raise JqError(f"Cannot index {type_name(value)} with {type_name(key)}")


def attempt(optional: bool, fn: Callable[..., object], *args: object) -> tuple[object, ...]:
    """``(fn(*args),)``; for an optional step (``.a?``) an error gives no output instead."""
    try:
        return (fn(*args),)
    except JqError:
        if optional:
            return ()
        raise


def iterate(value: object) -> Iterator[object]:
    if isinstance(value, list):
        return iter(value)
    if isinstance(value, dict):
        return iter(value.values())
    raise JqError(f"Cannot iterate over {_described(value)}")


def alternative(
    left: Iterable[T], right: Callable[[], Iterable[T]], output: Callable[[T], object] = lambda out: out
) -> Iterator[T]:
    """jq's ``left // right``: left's truthy outputs (an error in left ends it quietly), or all of
    right's when there were none. ``output`` picks the jq value from an item (paths carry pairs)."""
    found = False
    try:
        for item in left:
            if truthy(output(item)):
                found = True
                yield item
    except JqError:
        pass
    if not found:
        yield from right()


def arithmetic(op: str, a: object, b: object) -> object:
    ta, tb = type_name(a), type_name(b)
    if op == "+" and (a is None or b is None):
        return a if b is None else b
    if op == "+":
        if ta == tb and ta in ("number", "string", "array"):
            return a + b
        if ta == tb == "object":
            return {**a, **b}
    elif op == "-":
        if ta == tb == "number":
            return a - b
        if ta == tb == "array":
            return [x for x in a if x not in b]
    elif op == "*":
        if ta == tb == "number":
            return a * b
        if ta == "string" and tb == "number":
            return a * int(b) if b > 0 else None
        if ta == tb == "object":
            return _deep_merge(a, b)
    elif op == "/":
        if ta == tb == "number":
            if b == 0:
                raise JqError(
                    f"{_described(a)} and {_described(b)} cannot be divided because the divisor is zero"
                )
            result = a / b
            return int(result) if result.is_integer() else result
        if ta == tb == "string":
            return a.split(b) if a else []
    elif op == "%" and ta == tb == "number":
        if int(b) == 0:
            raise JqError(f"{_described(a)} and {_described(b)} cannot be divided because the divisor is zero")
        return int(math.fmod(int(a), int(b)))  # C's remainder: the sign follows the dividend
    verbs = {"+": "added", "-": "subtracted", "*": "multiplied", "/": "divided"}
    verb = verbs.get(op, "divided (remainder)")
    raise JqError(f"{_described(a)} and {_described(b)} cannot be {verb}")


def _deep_merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = _deep_merge(out[k], v) if isinstance(out.get(k), dict) and isinstance(v, dict) else v
    return out


def compare(op: str, a: object, b: object) -> bool:
    if op == "==":
        return sort_key(a) == sort_key(b)
    if op == "!=":
        return sort_key(a) != sort_key(b)
    ka, kb = sort_key(a), sort_key(b)
    return {"<": ka < kb, "<=": ka <= kb, ">": ka > kb, ">=": ka >= kb}[op]


def evaluate(node: Node, value: object, env: Env) -> Iterator[object]:
    """All outputs of filter ``node`` applied to ``value``."""
    kind = node[0]
    if kind == "identity":
        yield value
    elif kind == "const":
        yield node[1]
    elif kind == "index":
        for key in evaluate(node[2], value, env):
            for base in evaluate(node[1], value, env):
                yield from attempt(len(node) > 3, index, base, key)
    elif kind == "iterate":
        for base in evaluate(node[1], value, env):
            if len(node) == 2 or isinstance(base, (list, dict)):
                yield from iterate(base)
    elif kind == "slice":
        yield from _slice(node, value, env)
    elif kind == "pipe":
        for mid in evaluate(node[1], value, env):
            yield from evaluate(node[2], mid, env)
    elif kind == "comma":
        yield from evaluate(node[1], value, env)
        yield from evaluate(node[2], value, env)
    elif kind == "alt":
        yield from alternative(evaluate(node[1], value, env), lambda: evaluate(node[2], value, env))
    elif kind in ("and", "or"):
        for left in evaluate(node[1], value, env):
            if kind == "and" and not truthy(left):
                yield False
            elif kind == "or" and truthy(left):
                yield True
            else:
                for right in evaluate(node[2], value, env):
                    yield truthy(right)
    elif kind == "binop":
        op = node[1]
        for right in evaluate(node[3], value, env):
            for left in evaluate(node[2], value, env):
                yield (
                    compare(op, left, right)
                    if op in ("==", "!=", "<", "<=", ">", ">=")
                    else arithmetic(op, left, right)
                )
    elif kind == "neg":
        for out in evaluate(node[1], value, env):
            if type_name(out) != "number":
                raise JqError(f"{_described(out)} cannot be negated")
            yield -out
    elif kind == "collect":
        yield [] if node[1] is None else list(evaluate(node[1], value, env))
    elif kind == "object":
        yield from _object(node[1], 0, {}, value, env)
    elif kind == "string":
        yield from _interpolate(node[1], 0, "", value, env)
    elif kind == "var":
        if node[1] not in env:
            raise JqError(f"${node[1]} is not defined")
        yield env[node[1]]
    elif kind == "as":
        for bound in evaluate(node[1], value, env):
            yield from evaluate(node[3], value, {**env, node[2]: bound})
    elif kind == "if":
        yield from _if(node[1], 0, node[2], value, env)
    elif kind == "try":
        try:  # outputs before the error still count: [(1, error("x"), 3)?] is [1]
            for out in evaluate(node[1], value, env):
                yield out
        except JqError as e:
            if node[2] is not None:
                yield from evaluate(node[2], e.value, env)
    elif kind == "reduce":
        _, source, name, init, update = node
        for acc in evaluate(init, value, env):
            for item in evaluate(source, value, env):
                results = list(evaluate(update, acc, {**env, name: item}))
                acc = results[-1] if results else None
            yield acc
    elif kind == "assign":
        from aoi.twin.shell.textutils.jq.paths import assign

        yield from assign(node, value, env)
    else:  # call, format
        from aoi.twin.shell.textutils.jq.builtins import call

        yield from call(node, value, env)


def _slice(node: Node, value: object, env: Env) -> Iterator[object]:
    base_node, start_node, end_node = node[1:4]
    starts = list(evaluate(start_node, value, env)) if start_node else [None]
    ends = list(evaluate(end_node, value, env)) if end_node else [None]
    for base in evaluate(base_node, value, env):
        for start in starts:
            for end in ends:
                if base is None:
                    yield None
                elif isinstance(base, (list, str)):
                    yield base[None if start is None else int(start) : None if end is None else int(end)]
                elif len(node) == 4:
                    raise JqError(f"Cannot index {type_name(base)} with object")


def _object(entries: list, at: int, built: dict, value: object, env: Env) -> Iterator[object]:
    if at == len(entries):
        yield dict(built)
        return
    key_node, value_node = entries[at]
    for key in evaluate(key_node, value, env):
        if not isinstance(key, str):
            raise JqError("Object keys must be strings")
        for item in evaluate(value_node, value, env):
            yield from _object(entries, at + 1, {**built, key: item}, value, env)


def _interpolate(parts: list, at: int, prefix: str, value: object, env: Env) -> Iterator[object]:
    if at == len(parts):
        yield prefix
        return
    part = parts[at]
    if isinstance(part, str):
        yield from _interpolate(parts, at + 1, prefix + part, value, env)
        return
    for out in evaluate(part, value, env):
        text = out if isinstance(out, str) else dumps(out)
        yield from _interpolate(parts, at + 1, prefix + text, value, env)


def _if(branches: list, at: int, orelse: Node, value: object, env: Env) -> Iterator[object]:
    if at == len(branches):
        yield from evaluate(orelse, value, env)
        return
    cond, then = branches[at]
    for c in evaluate(cond, value, env):
        if truthy(c):
            yield from evaluate(then, value, env)
        else:
            yield from _if(branches, at + 1, orelse, value, env)


__all__ = ["Env", "JqError", "alternative", "attempt", "dumps", "evaluate", "normalize", "sort_key", "truthy", "type_name"]
