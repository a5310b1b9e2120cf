"""awk tokens. A ``/`` starts a regex literal unless the token before it ends an operand."""

from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = frozenset(
    [
        "BEGIN",
        "END",
        "function",
        "if",
        "else",
        "while",
        "for",
        "do",
        "break",
        "continue",
        "next",
        "exit",
        "return",
        "delete",
        "in",
        "getline",
        "print",
        "printf",
    ]
)
BUILTINS = frozenset(
    [
        "length",
        "substr",
        "index",
        "split",
        "sub",
        "gsub",
        "match",
        "sprintf",
        "tolower",
        "toupper",
        "int",
        "sqrt",
        "exp",
        "log",
        "sin",
        "cos",
        "atan2",
        "rand",
        "srand",
        "system",
        "close",
    ]
)
_OPERATORS = sorted(
    [
        "+=",
        "-=",
        "*=",
        "/=",
        "%=",
        "^=",
        "**=",
        "==",
        "<=",
        ">=",
        "!=",
        "++",
        "--",
        "&&",
        "||",
        ">>",
        "!~",
        "**",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ";",
        ",",
        "+",
        "-",
        "*",
        "/",
        "%",
        "^",
        "!",
        ">",
        "<",
        "|",
        "?",
        ":",
        "~",
        "$",
        "=",
    ],
    key=len,
    reverse=True,
)
_TOKEN = re.compile(
    r"(?P<ws>[ \t\r]+|\\\n|#[^\n]*)"
    r"|(?P<nl>\n)"
    r"|(?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
    r'|(?P<str>"(?:[^"\\]|\\.)*")'
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>" + "|".join(re.escape(op) for op in _OPERATORS) + ")",
    re.S,
)
_STRING_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a", "b": "\b"}
_ENDS_OPERAND = frozenset({"num", "str", "name", "builtin", "regex", ")", "]", "$", "++", "--"})


class AwkSyntaxError(Exception):
    """A program awk cannot parse; ``str`` is the message after ``awk: ``."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num, str, regex, name, funcname, builtin, keyword text, operator text, nl, eof
    value: str
    pos: int


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: _STRING_ESCAPES.get(m.group(1), "\\" + m.group(1)), body, flags=re.S)


def tokenize(src: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(src):
        prev = tokens[-1].kind if tokens else ""
        if src[i] == "/" and prev not in _ENDS_OPERAND:
            j = i + 1
            while j < len(src) and src[j] != "/":
                if src[j] == "\n":
                    raise AwkSyntaxError("newline in regex")
                j += 2 if src[j] == "\\" else 1
            if j >= len(src):
                raise AwkSyntaxError("non-terminated regular expression")
            tokens.append(Token("regex", src[i + 1 : j].replace("\\/", "/"), i))
            i = j + 1
            continue
        m = _TOKEN.match(src, i)
        if m is None:
            raise AwkSyntaxError(f"syntax error at source line 1: unexpected character '{src[i]}'")
        kind, text = m.lastgroup, m.group()
        i = m.end()
        if kind == "ws":
            continue
        if kind == "str":
            tokens.append(Token("str", _unescape(text[1:-1]), m.start()))
        elif kind == "name":
            if text in KEYWORDS:
                kind = text
            elif text in BUILTINS:
                kind = "builtin"
            elif src[i : i + 1] == "(":
                kind = "funcname"
            tokens.append(Token(kind, text, m.start()))
        elif kind == "op":
            tokens.append(Token("^" if text == "**" else "^=" if text == "**=" else text, text, m.start()))
        else:
            tokens.append(Token(kind, text, m.start()))
    tokens.append(Token("eof", "", len(src)))
    return tokens


__all__ = ["BUILTINS", "KEYWORDS", "AwkSyntaxError", "Token", "tokenize"]
