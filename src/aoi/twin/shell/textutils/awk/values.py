"""awk's value model: numbers are floats, strings are str, and input-derived strings are `StrNum`.

POSIX compares two values numerically only when both are numbers or "numeric strings" (fields,
split() pieces, -v values that look like numbers); a string constant forces a string comparison.
An uninitialised variable is `UNINIT`, which is both "" and 0.
"""

from __future__ import annotations

import re

_NUMERIC = re.compile(r"\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*\Z")
_PREFIX = re.compile(r"\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)")


class StrNum(str):
    """A string from input; compares as a number when it looks like one."""

    __slots__ = ()


class _Uninit(StrNum):
    __slots__ = ()


UNINIT = _Uninit("")
Value = float | str


def to_num(value: Value) -> float:
    if isinstance(value, float):
        return value
    m = _PREFIX.match(value)
    return float(m.group(1)) if m else 0.0


def to_str(value: Value, fmt: str = "%.6g") -> str:
    if not isinstance(value, float):
        return value
    if value == int(value) and abs(value) < 1e16:
        return str(int(value))
    return fmt % value


def is_numeric(value: Value) -> bool:
    if isinstance(value, float) or value is UNINIT:
        return True
    return isinstance(value, StrNum) and _NUMERIC.match(value) is not None


def truthy(value: Value) -> bool:
    if isinstance(value, float):
        return value != 0
    if isinstance(value, StrNum) and is_numeric(value):
        return to_num(value) != 0
    return value != ""


def compare(op: str, a: Value, b: Value) -> bool:
    if is_numeric(a) and is_numeric(b):
        x, y = to_num(a), to_num(b)
    else:
        x, y = to_str(a), to_str(b)
    if op == "==":
        return x == y
    if op == "!=":
        return x != y
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


__all__ = ["UNINIT", "StrNum", "Value", "compare", "is_numeric", "to_num", "to_str", "truthy"]
