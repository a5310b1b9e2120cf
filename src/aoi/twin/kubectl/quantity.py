"""Kubernetes resource quantities: parsing ``100m`` / ``64Mi`` and printing sums the way kubectl does."""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = ["canonical", "format_cpu", "format_memory", "millicores", "parse_quantity", "to_bytes"]

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50}
_DECIMAL = {"k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15}


def millicores(text: str | int | float) -> int:
    text = str(text)
    if text.endswith("m"):
        return int(float(text[:-1]))
    return int(round(float(text) * 1000))


def to_bytes(text: str | int | float) -> int:
    text = str(text)
    for suffix, factor in _BINARY.items():
        if text.endswith(suffix):
            return int(float(text[:-2]) * factor)
    for suffix, factor in _DECIMAL.items():
        if text.endswith(suffix):
            return int(float(text[:-1]) * factor)
    if text.endswith("m"):
        return int(float(text[:-1]) / 1000)
    return int(float(text))


def format_cpu(milli: int) -> str:
    return str(milli // 1000) if milli % 1000 == 0 else f"{milli}m"


def format_memory(count: int) -> str:
    if count == 0:
        return "0"
    for suffix in ("Pi", "Ti", "Gi", "Mi", "Ki"):
        factor = _BINARY[suffix]
        if count % factor == 0:
            return f"{count // factor}{suffix}"
    return str(count)


_DECIMAL_UP = (("E", 10**18), ("P", 10**15), ("T", 10**12), ("G", 10**9), ("M", 10**6), ("k", 10**3))


def canonical(text: str | int | float) -> str:
    """A quantity as apimachinery's ``Quantity.String()`` prints it: ``1000m`` -> ``1``, ``1024Mi`` -> ``1Gi``."""
    raw = str(text)
    try:
        if raw[-2:] in _BINARY:
            return format_memory(to_bytes(raw)) if to_bytes(raw) % 1024 == 0 else str(to_bytes(raw))
        milli = millicores(raw) if raw[-1:] not in _DECIMAL else to_bytes(raw) * 1000
    except ValueError:
        return raw
    if milli % 1000:
        return f"{milli}m"
    whole = milli // 1000
    for suffix, factor in _DECIMAL_UP:
        if whole and whole % factor == 0:
            return f"{whole // factor}{suffix}"
    return str(whole)


# apimachinery's ParseQuantity grammar: a signed decimal, then a binary-SI, decimal-SI or exponent suffix.
_QUANTITY = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE]|[eE][+-]?\d+)?")
_SUFFIX = {"m": Fraction(1, 1000), "E": Fraction(10**18), **_BINARY, "Ei": 2**60, **_DECIMAL}


def parse_quantity(text: str) -> Fraction | None:
    """The exact value of a Kubernetes quantity (``100m``, ``1Gi``, ``1e3``), or None if ``text`` is none."""
    match = _QUANTITY.fullmatch(text)
    if match is None:
        return None
    number, suffix = match.groups()
    value = Fraction(number)
    if suffix and suffix[0] in "eE" and len(suffix) > 1:
        return value * Fraction(10) ** int(suffix[1:])
    return value * _SUFFIX.get(suffix or "", 1)
