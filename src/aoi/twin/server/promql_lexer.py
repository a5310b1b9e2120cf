"""PromQL's tokens: numbers, durations, identifiers, Go-quoted strings and operators.

A number with a unit (``5m``, ``1h30m``) is a duration wherever it stands; the parser decides
where one may appear. Strings take Go's escapes in ``"..."`` and ``'...'``; backquotes are raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .promql_ast import PromQLError

__all__ = ["Token", "parse_duration", "tokens", "unquote"]

_DURATION_UNITS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000,
                   "y": 31_536_000_000}
_DURATION = r"(?:\d+(?:ms|[smhdwy]))+"
_TOKEN = re.compile(
    rf"""(?P<space>\s+|\#[^\n]*)
      | (?P<duration>{_DURATION})(?![\w.])
      | (?P<number>0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<ident>[a-zA-Z_][a-zA-Z0-9_:]*)
      | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)
      | (?P<op>=~|!~|!=|==|<=|>=|[-+*/%^<>=(){{}}\[\],:@])""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # duration, number, ident, string, op, eof
    text: str
    pos: int


def tokens(text: str) -> list[Token]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise PromQLError(f"unexpected character: {text[pos]!r}", pos)
        if m.lastgroup != "space":
            out.append(Token(m.lastgroup or "", m.group(), pos))
        pos = m.end()
    out.append(Token("eof", "", len(text)))
    return out


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"',
            "'": "'"}


def unquote(token: Token) -> str:
    """A string literal's value, with Go's escapes (raw strings in backquotes keep them)."""
    body = token.text[1:-1]
    if token.text[0] == "`":
        return body

    def escape(m: re.Match) -> str:
        code = m.group(1)
        if code[0] in _ESCAPES:
            return _ESCAPES[code[0]]
        if code[0] in "xuU" and len(code) > 1:
            return chr(int(code[1:], 16))
        if code.isdigit():
            return chr(int(code, 8))
        raise PromQLError(f"unknown escape sequence U+{ord(code[0]):04X} {code[0]!r}", token.pos)

    return re.sub(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)", escape, body)


def parse_duration(text: str, pos: int = 0) -> int:
    """A Prometheus duration (``5m``, ``1h30m``, ``250ms``) in milliseconds."""
    if not re.fullmatch(_DURATION, text):
        raise PromQLError(f'bad duration syntax: "{text}"', pos)
    total = sum(int(n) * _DURATION_UNITS[unit] for n, unit in re.findall(r"(\d+)(ms|[smhdwy])", text))
    if total == 0:
        raise PromQLError("duration must be greater than 0", pos)
    return total
