"""Go's ``%#v`` of a decoded JSON value, which kubectl prints when a JSONPath template fails.

kubectl decodes objects into ``map[string]interface{}``; ``fmt`` writes such a map with its keys
sorted, each string as ``strconv.Quote`` does, integers and floats in their shortest form, and a
JSON null as ``interface {}(nil)``.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["go_quote", "go_sharp_v"]

_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
            "\\": "\\\\", '"': '\\"'}


def go_quote(text: str) -> str:
    """``strconv.Quote``: printable characters as they are, the rest escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _float(value: float) -> str:
    """%v of a float64: strconv's shortest 'g', exponent form from 1e+06 up and below 1e-04."""
    if value != value or value in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "+Inf", "-inf": "-Inf"}[str(value)]
    if value == 0:
        return "-0" if str(value).startswith("-") else "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    exp = len(digits) + int(exponent) - 1
    if exp < -4 or exp >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{'-' if sign else ''}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    return format(Decimal(repr(value)).normalize(), "f")


def go_sharp_v(value: object) -> str:
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, dict):
        items = ", ".join(f"{go_quote(str(k))}:{go_sharp_v(value[k])}" for k in sorted(value))
        return "map[string]interface {}{" + items + "}"
    if isinstance(value, list | tuple):
        return "[]interface {}{" + ", ".join(go_sharp_v(v) for v in value) + "}"
    return go_quote(str(value))
