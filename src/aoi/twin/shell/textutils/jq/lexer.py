"""jq tokens. A string token carries its interpolation parts: literal text or the tokens of ``\\(...)``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"(?P<ws>\s+|#[^\n]*)"
    r"|(?P<field>\.[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<var>\$[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<format>@[A-Za-z0-9]+)"
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op>\?//|//=|\|=|\+=|-=|\*=|/=|%=|==|!=|<=|>=|//|\.\.|[.|,()\[\]{}:;?<>+\-*/%=])"
)
KEYWORDS = frozenset(
    [
        "if",
        "then",
        "elif",
        "else",
        "end",
        "and",
        "or",
        "as",
        "reduce",
        "foreach",
        "try",
        "catch",
        "def",
        "label",
        "import",
        "include",
    ]
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/", "\\": "\\", '"': '"'}


class JqSyntaxError(Exception):
    """A jq program that does not compile; ``str`` is the message after ``jq: error: ``."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # field, num, var, format, ident, keyword text, operator text, str, eof
    value: object


def _string(src: str, i: int) -> tuple[Token, int]:
    """The string literal opening at ``src[i] == '"'``; returns its token and the index after it."""
    parts: list[str | list[Token]] = []
    text: list[str] = []
    i += 1
    while i < len(src):
        ch = src[i]
        if ch == '"':
            parts.append("".join(text))
            return Token("str", parts), i + 1
        if ch == "\\":
            nxt = src[i + 1 : i + 2]
            if nxt == "(":
                parts.append("".join(text))
                text = []
                inner, i = tokenize(src, i + 2, nested=True)
                parts.append(inner)
                continue
            if nxt == "u":
                text.append(json.loads(f'"{src[i : i + 6]}"'))
                i += 6
                continue
            if nxt not in _ESCAPES:
                raise JqSyntaxError(f"syntax error: invalid escape at \\{nxt}")
            text.append(_ESCAPES[nxt])
            i += 2
            continue
        text.append(ch)
        i += 1
    raise JqSyntaxError("syntax error, unexpected end of file, unterminated string")


def tokenize(src: str, i: int = 0, nested: bool = False) -> tuple[list[Token], int]:
    """Tokens from ``i``; with ``nested`` stop at the ``)`` closing a string interpolation."""
    tokens: list[Token] = []
    depth = 0
    while i < len(src):
        if src[i] == '"':
            token, i = _string(src, i)
            tokens.append(token)
            continue
        m = _TOKEN.match(src, i)
        if m is None:
            raise JqSyntaxError(f"syntax error, unexpected INVALID_CHARACTER '{src[i]}'")
        kind, text = m.lastgroup, m.group()
        i = m.end()
        if kind == "ws":
            continue
        if kind == "op":
            if nested and text == "(":
                depth += 1
            elif nested and text == ")":
                if depth == 0:
                    tokens.append(Token("eof", None))
                    return tokens, i
                depth -= 1
            tokens.append(Token(text, text))
        elif kind == "ident" and text in KEYWORDS:
            tokens.append(Token(text, text))
        elif kind == "num":
            tokens.append(Token("num", float(text) if any(c in text for c in ".eE") else int(text)))
        elif kind == "field":
            tokens.append(Token("field", text[1:]))
        elif kind == "var":
            tokens.append(Token("var", text[1:]))
        else:
            tokens.append(Token(kind, text))
    if nested:
        raise JqSyntaxError("syntax error, unexpected end of file in string interpolation")
    tokens.append(Token("eof", None))
    return tokens, i


__all__ = ["JqSyntaxError", "Token", "tokenize"]
