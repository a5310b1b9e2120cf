"""jq paths: filters evaluated as path expressions (``path(f)``), ``getpath``/``setpath``/``delpaths``,
the update-assignment operators (``=``, ``|=``, ``+=`` ...) and the builtins built on them, following
jq 1.6 (``lhs |= f`` takes f's first output and deletes the path where f is empty)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from aoi.twin.shell.textutils.jq.evaluate import (
    Env,
    JqError,
    alternative,
    arithmetic,
    attempt,
    dumps,
    evaluate,
    iterate,
    sort_key,
    truthy,
    type_name,
)
from aoi.twin.shell.textutils.jq.parser import IDENTITY, Node

Path = list
# builtins whose outputs are their input unchanged, so they keep the path: `select(f)`, `numbers` ...
_KEEPS_PATH = frozenset(
    ["select", "empty", "error", "values", "nulls", "booleans", "numbers", "strings", "arrays", "objects"]
    + ["iterables", "scalars"]
)
_NOTHING = object()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bounds(key: dict, length: int) -> tuple[int, int]:
    """jq's ``parse_slice``: the clamped [start, end) of slice key ``{"start": s, "end": e}``."""
    start, end = key.get("start"), key.get("end")
    if not ("start" in key and "end" in key and all(x is None or _is_number(x) for x in (start, end))):
        raise JqError("Start and end indices of an array slice must be numbers")
    start = 0 if start is None else start + length if start < 0 else start
    end = length if end is None else end + length if end < 0 else end
    start = min(max(start, 0), length)
    end = max(min(end, length), start)
    return int(start), int(end) + (1 if end > int(end) else 0)


def get(value: object, key: object) -> object:
    """``jv_get``: ``value[key]`` as ``getpath`` and path expressions see it."""
    if isinstance(key, dict) and (value is None or isinstance(value, (list, str))):
        if value is None:
            return None
        start, end = _bounds(key, len(value))
        return value[start:end]
    if value is None and (isinstance(key, str) or _is_number(key)):
        return None
    if isinstance(value, dict) and isinstance(key, str):
        return value.get(key)
    if isinstance(value, list) and _is_number(key):
        i = int(key) + (len(value) if key < 0 else 0)
        return value[i] if 0 <= i < len(value) else None
    if isinstance(key, str):
        raise JqError(f'Cannot index {type_name(value)} with string "{key}"')
    raise JqError(f"Cannot index {type_name(value)} with {type_name(key)}")


def _set(value: object, key: object, new: object) -> object:
    """``jv_set``: a copy of ``value`` with ``value[key] = new`` (null grows into an object/array)."""
    if isinstance(key, str) and isinstance(value, (dict, type(None))):
        return {**(value or {}), key: new}
    if isinstance(key, dict) and isinstance(value, (list, type(None))):
        if not isinstance(new, list):
            raise JqError("A slice of an array can only be assigned another array")
        start, end = _bounds(key, len(value or []))
        return (value or [])[:start] + new + (value or [])[end:]
    if _is_number(key) and isinstance(value, (list, type(None))):
        out = list(value or [])
        i = int(key) + (len(out) if key < 0 else 0)
        if i < 0:
            raise JqError("Out of bounds negative array index")
        out.extend([None] * (i + 1 - len(out)))
        out[i] = new
        return out
    if isinstance(key, str):
        raise JqError(f'Cannot index {type_name(value)} with string "{key}"')
    raise JqError(f"Cannot update field at object index of {type_name(value)}")


def getpath(value: object, path: object) -> object:
    if path is None:
        return value
    if not isinstance(path, list):
        raise JqError("Path must be specified as an array")
    for key in path:
        value = get(value, key)
    return value


def setpath(value: object, path: object, new: object) -> object:
    if not isinstance(path, list):
        raise JqError("Path must be specified as an array")
    if not path:
        return new
    return _set(value, path[0], setpath(get(value, path[0]), path[1:], new))


def delpaths(value: object, paths: object) -> object:
    """``jv_delpaths``: delete every path at once (indices refer to the input, not to earlier deletions)."""
    if not isinstance(paths, list):
        raise JqError("Paths must be specified as an array")
    for path in paths:
        if not isinstance(path, list):
            raise JqError(f"Path must be specified as array, not {type_name(path)}")
    ordered = sorted(paths, key=sort_key)
    if not ordered:
        return value
    return None if not ordered[0] else _delete_sorted(value, ordered, 0)


def _delete_sorted(value: object, paths: list[Path], depth: int) -> object:
    here, i = [], 0
    while i < len(paths):
        key, j = paths[i][depth], i
        while j < len(paths) and sort_key(paths[j][depth]) == sort_key(key):
            j += 1
        if len(paths[i]) == depth + 1:  # the shortest sorts first: deleting the key covers the rest
            here.append(key)
        else:
            child = get(value, key)
            if child is not None:
                value = _set(value, key, _delete_sorted(child, paths[i:j], depth + 1))
        i = j
    return _delete_keys(value, here)


def _delete_keys(value: object, keys: list) -> object:
    if value is None or not keys:
        return value
    if isinstance(value, dict):
        for key in keys:
            if not isinstance(key, str):
                raise JqError(f"Cannot delete {type_name(key)} field of object")
        return {k: v for k, v in value.items() if k not in keys}
    if not isinstance(value, list):
        raise JqError(f"Cannot delete fields from {type_name(value)}")
    gone: set[int] = set()
    for key in keys:
        if _is_number(key):
            gone.add(int(key) + (len(value) if key < 0 else 0))
        elif isinstance(key, dict):
            gone.update(range(*_bounds(key, len(value))))
        else:
            raise JqError(f"Cannot delete {type_name(key)} element of array")
    return [v for i, v in enumerate(value) if i not in gone]


def _invalid(result: object) -> JqError:
    text = dumps(result)
    return JqError(f"Invalid path expression with result {text if len(text) <= 29 else text[:26] + '...'}")


def paths_of(node: Node, value: object, env: Env) -> Iterator[tuple[Path, object]]:
    """``(path, value at path)`` for each output of ``node`` run as a path expression on ``value``."""
    kind = node[0]
    if kind == "identity":
        yield [], value
    elif kind == "index":
        for key in evaluate(node[2], value, env):
            for path, base in paths_of(node[1], value, env):
                for out in attempt(len(node) > 3, get, base, key):
                    yield [*path, key], out
    elif kind == "slice":
        starts = list(evaluate(node[2], value, env)) if node[2] else [None]
        ends = list(evaluate(node[3], value, env)) if node[3] else [None]
        for path, base in paths_of(node[1], value, env):
            for start in starts:
                for end in ends:
                    key = {"start": start, "end": end}
                    for out in attempt(len(node) > 4, get, base, key):
                        yield [*path, key], out
    elif kind == "iterate":
        for path, base in paths_of(node[1], value, env):
            keys = base if isinstance(base, dict) else range(len(base)) if isinstance(base, list) else None
            if keys is None and len(node) > 2:
                continue
            if keys is None:
                iterate(base)  # raises jq's "Cannot iterate over ..."
            for key in keys:
                yield [*path, key], base[key]
    elif kind == "pipe":
        for path, mid in paths_of(node[1], value, env):
            for rest, out in paths_of(node[2], mid, env):
                yield path + rest, out
    elif kind == "comma":
        yield from paths_of(node[1], value, env)
        yield from paths_of(node[2], value, env)
    elif kind == "alt":
        yield from alternative(
            paths_of(node[1], value, env), lambda: paths_of(node[2], value, env), lambda pair: pair[1]
        )
    elif kind == "as":
        for bound in evaluate(node[1], value, env):
            yield from paths_of(node[3], value, {**env, node[2]: bound})
    elif kind == "if":
        yield from _if_paths(node[1], node[2], value, env)
    elif kind == "try":
        try:
            yield from paths_of(node[1], value, env)
        except JqError as e:
            if node[2] is not None:
                for out in evaluate(node[2], e.value, env):
                    raise _invalid(out) from None
    elif kind == "call":
        yield from _call_paths(node[1], node[2], value, env)
    else:
        for out in evaluate(node, value, env):
            raise _invalid(out)


def _if_paths(branches: list, orelse: Node, value: object, env: Env) -> Iterator[tuple[Path, object]]:
    if not branches:
        yield from paths_of(orelse, value, env)
        return
    (cond, then), rest = branches[0], branches[1:]
    for c in evaluate(cond, value, env):
        yield from paths_of(then, value, env) if truthy(c) else _if_paths(rest, orelse, value, env)


def _call_paths(name: str, args: list[Node], value: object, env: Env) -> Iterator[tuple[Path, object]]:
    if name == "recurse" and len(args) <= 1:
        yield from _recurse_paths(args[0] if args else ("try", ("iterate", IDENTITY), None), value, env)
    elif name == "getpath" and len(args) == 1:
        for path in evaluate(args[0], value, env):
            yield path, getpath(value, path)
    elif name == "first" and len(args) == 1:
        yield from islice(paths_of(args[0], value, env), 1)
    elif name == "limit" and len(args) == 2:
        for n in evaluate(args[0], value, env):
            yield from islice(paths_of(args[1], value, env), max(int(n), 0))
    elif name in _KEEPS_PATH:
        from aoi.twin.shell.textutils.jq.builtins import call

        for _ in call(("call", name, args), value, env):
            yield [], value
    else:
        for out in evaluate(("call", name, args), value, env):
            raise _invalid(out)


def _recurse_paths(step: Node, value: object, env: Env) -> Iterator[tuple[Path, object]]:
    yield [], value
    for path, child in paths_of(step, value, env):
        for rest, out in _recurse_paths(step, child, env):
            yield path + rest, out


def modify(value: object, lhs: Node, update: Callable[[object], Iterable[object]], env: Env) -> object:
    """``lhs |= update``: each path of ``lhs`` gets update's first output, or is deleted if it has none."""
    for path, _ in paths_of(lhs, value, env):
        new = next(iter(update(getpath(value, path))), _NOTHING)
        value = delpaths(value, [path]) if new is _NOTHING else setpath(value, path, new)
    return value


def assign(node: Node, value: object, env: Env) -> Iterator[object]:
    """Run ``("assign", op, lhs, rhs)``; except for ``|=`` the rhs runs on ``.``, one result per output."""
    _, op, lhs, rhs = node
    if op == "|=":
        yield modify(value, lhs, lambda old: evaluate(rhs, old, env), env)
        return
    for new in evaluate(rhs, value, env):
        if op == "=":
            out = value
            for path, _ in paths_of(lhs, value, env):
                out = setpath(out, path, new)
            yield out
        elif op == "//=":
            yield modify(value, lhs, lambda old, new=new: (old if truthy(old) else new,), env)
        else:
            yield modify(value, lhs, lambda old, new=new: (arithmetic(op[:-1], old, new),), env)


def _paths(args: list[Node], value: object, env: Env) -> Iterator[object]:
    for path, out in _recurse_paths(("try", ("iterate", IDENTITY), None), value, env):
        if path:
            if not args:
                yield path
            else:
                yield from (path for c in evaluate(args[0], out, env) if truthy(c))


def _pick(args: list[Node], value: object, env: Env) -> Iterator[object]:
    out = None
    for path, _ in paths_of(args[0], value, env):
        out = setpath(out, path, getpath(value, path))
    yield out


PATH_BUILTINS = {
    ("path", 1): lambda a, v, e: (path for path, _ in paths_of(a[0], v, e)),
    ("paths", 0): _paths,
    ("paths", 1): _paths,
    ("leaf_paths", 0): lambda a, v, e: _paths([("call", "scalars", [])], v, e),
    ("getpath", 1): lambda a, v, e: (getpath(v, p) for p in evaluate(a[0], v, e)),
    ("setpath", 2): lambda a, v, e: (
        setpath(v, p, x) for x in evaluate(a[1], v, e) for p in evaluate(a[0], v, e)
    ),
    ("delpaths", 1): lambda a, v, e: (delpaths(v, ps) for ps in evaluate(a[0], v, e)),
    ("del", 1): lambda a, v, e: iter((delpaths(v, [path for path, _ in paths_of(a[0], v, e)]),)),
    ("map_values", 1): lambda a, v, e: iter(
        (modify(v, ("iterate", IDENTITY), lambda x: evaluate(a[0], x, e), e),)
    ),
    ("pick", 1): _pick,
}

__all__ = ["PATH_BUILTINS", "assign", "delpaths", "getpath", "modify", "paths_of", "setpath"]
