"""What go-yaml v2 (kubectl's YAML encoder, through sigs.k8s.io/yaml) reads a plain scalar back as.

go-yaml writes a string double-quoted exactly when, unquoted, it would resolve to another type
(``resolve`` in its resolve.go, plus the YAML 1.1 base-60 floats it still quotes). Its resolver
is not PyYAML's: ``y``/``n`` are booleans, ``1e3`` is a float, ``0o17`` and ``1_000`` are ints
(Go's ``strconv`` syntax), while ``=`` and ``0b`` prefixes of more than 64 bits stay strings.
"""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["BOOL", "FLOAT", "INT", "NULL", "STR", "TIMESTAMP", "resolve"]

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
TIMESTAMP = _TAG + "timestamp"

_WORDS = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
                     "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), BOOL),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), NULL),
    **dict.fromkeys((".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                     "-.inf", "-.Inf", "-.INF"), FLOAT),
}
_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_BASE60_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
# Go's strconv.ParseInt(s, 0, 64) / ParseUint syntax, underscores already removed.
_GO_INT = re.compile(r"[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)")
_GO_FLOAT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
# The layouts go-yaml tries (time.Parse: one- or two-digit fields, optional fraction).
_TIMESTAMPS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})"),
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?"),
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
)


def _go_int(text: str) -> bool:
    if not _GO_INT.fullmatch(text):
        return False
    digits = text.lstrip("+-")
    base = {"x": 16, "b": 2, "o": 8}.get(digits[1:2].lower(), 8 if len(digits) > 1 and digits[0] == "0" else 10)
    body = digits[2:] if base in (16, 2) or digits[1:2] in ("o", "O") else digits
    value = int(body, base)
    # ParseInt fails past int64, ParseUint takes the rest of uint64 (no sign allowed there).
    return value < 2**63 or (value < 2**64 and text[0] != "-" and text[0] != "+") or (text[0] == "-" and value == 2**63)


def _timestamp(text: str) -> bool:
    for layout in _TIMESTAMPS:
        match = layout.fullmatch(text)
        if match:
            fields = [int(f) for f in match.groups()[:6] if f is not None and f[0].isdigit()]
            try:
                datetime(*fields[:3], *(fields[3:6] or (0, 0, 0)))
            except ValueError:
                return False
            return True
    return False


def resolve(text: str) -> str:
    """The tag go-yaml gives ``text`` written as a plain scalar (`STR` when it stays a string)."""
    if text in _WORDS:
        return _WORDS[text]
    first = text[0]
    if first == ".":
        return FLOAT if _GO_FLOAT.fullmatch(text) else STR
    if not (first.isdigit() and first.isascii()) and first not in "+-":
        return STR
    if _timestamp(text):
        return TIMESTAMP
    plain = text.replace("_", "")
    if _go_int(plain):
        return INT
    if _YAML_FLOAT.fullmatch(plain):
        return FLOAT
    if plain.startswith(("0b", "-0b")) and re.fullmatch(r"-?0b[01]+", plain):
        return INT
    if _BASE60_FLOAT.fullmatch(text):
        return FLOAT  # not resolved by go-yaml, but quoted on output "for compatibility with other parsers"
    return STR
