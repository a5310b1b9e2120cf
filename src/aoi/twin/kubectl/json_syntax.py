"""Go's ``encoding/json`` verdict on malformed JSON, which the API server returns word for word.

kubectl passes a ``-p`` patch that starts with ``{`` to the server unparsed, so a broken patch
comes back as ``Error from server (BadRequest): <Go's syntax error>``, e.g. ``unexpected end of
JSON input`` or ``invalid character '}' looking for beginning of value``. `go_json_error` runs
the same state machine as Go's scanner (scanner.go) and names the first offending byte the way
it does.
"""

from __future__ import annotations

__all__ = ["go_json_error"]

_WS = " \t\r\n"
_EOF = "unexpected end of JSON input"


class _Syntax(Exception):
    pass


def _quote(ch: str) -> str:
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    escaped = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\", "\b": "\\b", "\f": "\\f"}.get(ch)
    if escaped is None:
        escaped = ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 0x80 else f"\\u{ord(ch):04x}"
    return f"'{escaped}'"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0

    def fail(self, context: str) -> _Syntax:
        if self.pos >= len(self.text):
            return _Syntax(_EOF)
        return _Syntax(f"invalid character {_quote(self.text[self.pos])} {context}")

    def peek(self) -> str:
        while self.pos < len(self.text) and self.text[self.pos] in _WS:
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self) -> None:
        ch = self.peek()
        if ch == "{":
            self.container("}", "looking for beginning of object key string", "after object key:value pair")
        elif ch == "[":
            self.container("]", "looking for beginning of value", "after array element")
        elif ch == '"':
            self.string()
        elif ch == "-" or ch.isdigit():
            self.number()
        elif ch and ch in "tfn":
            self.literal({"t": "true", "f": "false", "n": "null"}[ch])
        else:
            raise self.fail("looking for beginning of value")

    def container(self, close: str, first: str, after: str) -> None:
        self.pos += 1
        if self.peek() == close:
            self.pos += 1
            return
        while True:
            if close == "}":
                if self.peek() != '"':
                    raise self.fail(first)
                self.string()
                if self.peek() != ":":
                    raise self.fail("after object key")
                self.pos += 1
            self.value()
            ch = self.peek()
            if ch == close:
                self.pos += 1
                return
            if ch != ",":
                raise self.fail(after)
            self.pos += 1

    def string(self) -> None:
        self.pos += 1
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == '"':
                self.pos += 1
                return
            if ch < " ":
                raise self.fail("in string literal")
            if ch == "\\":
                self.pos += 1
                if self.pos < len(self.text) and self.text[self.pos] == "u":
                    for _ in range(4):
                        self.pos += 1
                        if self.pos < len(self.text) and self.text[self.pos] not in "0123456789abcdefABCDEF":
                            raise self.fail("in \\u hexadecimal character escape")
                elif self.pos < len(self.text) and self.text[self.pos] not in '"\\/bfnrt':
                    raise self.fail("in string escape code")
            self.pos += 1
        raise self.fail("")

    def digits(self, context: str) -> None:
        if self.pos >= len(self.text) or not self.text[self.pos].isdigit():
            raise self.fail(context)
        while self.pos < len(self.text) and self.text[self.pos].isdigit():
            self.pos += 1

    def number(self) -> None:
        if self.text[self.pos] == "-":
            self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos] == "0":
            self.pos += 1
        else:
            self.digits("in numeric literal")
        if self.pos < len(self.text) and self.text[self.pos] == ".":
            self.pos += 1
            self.digits("after decimal point in numeric literal")
        if self.pos < len(self.text) and self.text[self.pos] in "eE":
            self.pos += 1
            if self.pos < len(self.text) and self.text[self.pos] in "+-":
                self.pos += 1
            self.digits("in exponent of numeric literal")

    def literal(self, word: str) -> None:
        for expected in word:
            if self.pos >= len(self.text) or self.text[self.pos] != expected:
                raise self.fail(f"in literal {word} (expecting {_quote(expected)})")
            self.pos += 1


def go_json_error(text: str) -> str | None:
    """Go's json.Unmarshal syntax error for ``text``, or None when it is valid JSON."""
    scanner = _Scanner(text)
    try:
        scanner.value()
        if scanner.peek():
            raise scanner.fail("after top-level value")
    except _Syntax as err:
        return str(err)
    return None
