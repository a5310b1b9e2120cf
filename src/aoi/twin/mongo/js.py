"""The slice of JavaScript the mongo shell needs: literals, names, member access, calls, assignment.

`parse_program` turns shell input into statements, each a small tuple tree:
``("lit", value)``, ``("name", id)``, ``("member", obj, name)``, ``("index", obj, expr)``,
``("call", callee, args)``, ``("object", [(key, expr)])``, ``("array", [expr])``,
``("assign", name, expr)``. Object keys may be bare, strings may use either quote, and
newlines end a statement only outside brackets, like JavaScript's semicolon insertion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["JSError", "UNDEFINED", "Raw", "parse_program"]


class _Undefined:
    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()


class Raw(str):
    """A value the shell prints as is, unquoted (``UUID("...")``, ``ObjectId("...")``)."""


@dataclass
class JSError(Exception):
    """A JavaScript exception: ``kind`` is ``Error``, ``TypeError``, ``ReferenceError`` or ``SyntaxError``.

    ``frames`` are the stack lines the legacy shell prints under the message (helper frames first).
    """

    kind: str
    message: str
    frames: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


_TOKEN = re.compile(
    r"(?P<space>[ \t\r]+)|(?P<newline>\n)|(?P<comment>//[^\n]*|/\*.*?\*/)"
    r"|(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<string>\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<name>[A-Za-z_$][\w$]*)"
    r"|(?P<punct>[(){}\[\],:;.=\-+])",
    re.S,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0"}
_KEYWORDS = {"true": True, "false": False, "null": None, "undefined": UNDEFINED}


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", lambda m: chr(int(m[1][1:], 16)) if len(m[1]) == 5
                  else _ESCAPES.get(m[1], m[1]), body)


def _tokens(src: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    depth = 0
    pos = 0
    while pos < len(src):
        match = _TOKEN.match(src, pos)
        if match is None:
            raise JSError("SyntaxError", f"illegal character U+{ord(src[pos]):04X}: {src[pos]!r}")
        kind = match.lastgroup or ""
        text = match.group()
        pos = match.end()
        if kind in ("space", "comment"):
            continue
        if kind == "newline":
            if depth == 0:
                out.append(("sep", "\n", pos))
            continue
        if kind == "punct":
            depth += 1 if text in "([{" else -1 if text in ")]}" else 0
            if text == ";":
                out.append(("sep", ";", pos))
                continue
        out.append((kind, text, pos))
    return out


class _Parser:
    def __init__(self, src: str) -> None:
        self.toks = _tokens(src)
        self.i = 0

    def peek(self, offset: int = 0) -> tuple[str, str, int]:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else ("end", "", -1)

    def take(self, text: str | None = None) -> tuple[str, str, int]:
        tok = self.peek()
        if text is not None and tok[1] != text:
            found = tok[1] or "end of input"
            if text == ")":
                raise JSError("SyntaxError", f"missing ) after argument list (found {found})")
            raise JSError("SyntaxError", f"expected {text!r}, found {found!r}")
        self.i += 1
        return tok

    def program(self) -> list[tuple]:
        statements = []
        while self.peek()[0] != "end":
            if self.peek()[0] == "sep":
                self.i += 1
                continue
            statements.append(self.statement())
            if self.peek()[0] not in ("sep", "end"):
                raise JSError("SyntaxError", f"missing ; before statement (found {self.peek()[1]!r})")
        return statements

    def statement(self) -> tuple:
        kind, text, _ = self.peek()
        if kind == "name" and text in ("var", "let", "const"):
            self.i += 1
            name = self.take()[1]
            if self.peek()[1] != "=":
                return ("assign", name, ("lit", UNDEFINED))
            self.take("=")
            return ("assign", name, self.expression())
        if kind == "name" and self.peek(1)[1] == "=":
            self.i += 2
            return ("assign", text, self.expression())
        return self.expression()

    def expression(self) -> tuple:
        node = self.primary()
        while True:
            text = self.peek()[1]
            if text == ".":
                self.i += 1
                node = ("member", node, self.take()[1])
            elif text == "(":
                node = ("call", node, self.arguments())
            elif text == "[":
                self.i += 1
                index = self.expression()
                self.take("]")
                node = ("index", node, index)
            else:
                return node

    def arguments(self) -> list[tuple]:
        self.take("(")
        args = []
        while self.peek()[1] != ")":
            args.append(self.expression())
            if self.peek()[1] != ",":
                break
            self.i += 1
        self.take(")")
        return args

    def primary(self) -> tuple:
        kind, text, _ = self.take()
        if kind == "number":
            value = float(text)
            return ("lit", int(value) if value.is_integer() and "." not in text else value)
        if kind == "string":
            return ("lit", _unquote(text))
        if kind == "name":
            if text in _KEYWORDS:
                return ("lit", _KEYWORDS[text])
            if text == "new":
                return self.expression()
            return ("name", text)
        if text == "-" and self.peek()[0] == "number":
            return ("lit", -self.primary()[1])
        if text == "(":
            node = self.expression()
            self.take(")")
            return node
        if text == "{":
            return self.object()
        if text == "[":
            items = []
            while self.peek()[1] != "]":
                items.append(self.expression())
                if self.peek()[1] != ",":
                    break
                self.i += 1
            self.take("]")
            return ("array", items)
        raise JSError("SyntaxError", f"expected expression, got {text!r}" if text else "expected expression, got end of script")

    def object(self) -> tuple:
        pairs = []
        while self.peek()[1] != "}":
            kind, text, _ = self.take()
            key = _unquote(text) if kind == "string" else text
            if self.peek()[1] != ":":
                raise JSError("SyntaxError", "missing : after property id")
            self.i += 1
            pairs.append((key, self.expression()))
            if self.peek()[1] != ",":
                break
            self.i += 1
        if self.peek()[1] != "}":
            raise JSError("SyntaxError", "missing } after property list")
        self.i += 1
        return ("object", pairs)


def parse_program(src: str) -> list[tuple]:
    """Statements of ``src``; raises `JSError` (``SyntaxError``) on input the subset cannot read."""
    return _Parser(src).program()
