"""Getting one JSON value out of a model's reply, repairing the usual damage on the way.

Handled: code fences (```` ```json ````), prose around the value, ``//`` comments, trailing
commas, single-quoted strings, Python literals (``True``, ``False``, ``None``), raw newlines in
strings, and output cut off mid-value (open strings and brackets are closed, a dangling key gets
``null``). The repair walks the text once, tracking strings and brackets, so it never edits
inside a string.

>>> extract_json("Sure!\\n```json\\n{'next_action': 'probe', 'ok': True,}\\n```")
{'next_action': 'probe', 'ok': True}
>>> extract_json('{"summary": "pods crash", "details": ["a", "b"')
{'summary': 'pods crash', 'details': ['a', 'b']}
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["JSONExtractionError", "extract_json", "repair_json"]

_FENCE = re.compile(r"```[\w-]*[ \t]*\n(.*?)(?:\n```|\Z)", re.DOTALL)
_THINK = re.compile(r"<think>.*?(?:</think>|\Z)", re.DOTALL)
_LITERALS = {"True": "true", "False": "false", "None": "null"}
_CLOSERS = {"{": "}", "[": "]"}
_MAX_STARTS = 8


class JSONExtractionError(ValueError):
    """The reply holds no JSON value that repair can save; the message says what was seen."""


def extract_json(text: str, *, expect: type = dict) -> Any:
    """The first JSON value of type ``expect`` (dict or list) in ``text``, repaired if needed."""
    opener = "{" if expect is dict else "["
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    for candidate in candidates:
        cleaned = _THINK.sub("", candidate)
        # A brace in prose before the value ("use {namespace}") is skipped by trying the next one.
        starts = [m.start() for m in re.finditer(re.escape(opener), cleaned)][:_MAX_STARTS]
        for start in starts:
            for attempt in (_balanced(cleaned, start), repair_json(cleaned[start:])):
                try:
                    value = json.loads(attempt, strict=False)
                except json.JSONDecodeError:
                    continue
                if isinstance(value, expect):
                    return value
    shown = " ".join(text.split())[:120] or "(empty reply)"
    raise JSONExtractionError(f"expected one JSON {expect.__name__}, found none in: {shown}")


def _balanced(text: str, start: int) -> str:
    """``text`` from ``start`` up to the bracket that closes the one at ``start`` (or the end)."""
    depth, quote, escaped = 0, "", False
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch == '"':
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    return text[start:]


def repair_json(text: str) -> str:
    """Rewrite Python-ish, truncated JSON starting at its first bracket as strict JSON text."""
    out: list[str] = []
    stack: list[str] = []  # open brackets
    expecting_key: list[bool] = []  # per open object: is the next string a key?
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            literal, i = _read_string(text, i)
            out.append(literal)
            if stack and stack[-1] == "{":
                expecting_key[-1] = False  # a key was read, or a value: no key until the next comma
            continue
        if ch in "{[":
            stack.append(ch)
            expecting_key.append(ch == "{")
            out.append(ch)
        elif ch in "}]":
            _drop_trailing_comma(out)
            if stack:
                stack.pop()
                expecting_key.pop()
            out.append(ch)
            if not stack:
                return "".join(out)
        elif ch == ",":
            out.append(ch)
            if stack and stack[-1] == "{":
                expecting_key[-1] = True
        elif ch == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch.isalpha() or ch == "_":
            # \w, not [A-Za-z_]: isalpha() is true for any Unicode letter, and a model may write one.
            word = re.match(r"\w+", text[i:]).group()  # type: ignore[union-attr]
            out.append(_LITERALS.get(word, word))
            i += len(word)
            continue
        else:
            out.append(ch)
        i += 1
    return _close(out, stack, expecting_key)


def _read_string(text: str, start: int) -> tuple[str, int]:
    """A string literal (either quote) at ``start`` as a JSON string, and the index after it."""
    quote, chars, i = text[start], [], start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            chars.append(nxt if nxt in "'" else ch + nxt)
            i += 2
            continue
        if ch == quote:
            return '"' + "".join(chars).replace('"', '\\"').replace('\\\\"', '\\"') + '"', i + 1
        chars.append(ch)
        i += 1
    body = "".join(chars).rstrip("\\")
    return '"' + body.replace('"', '\\"') + '"', i  # cut off inside the string: close it


def _drop_trailing_comma(out: list[str]) -> None:
    j = len(out) - 1
    while j >= 0 and out[j].isspace():
        j -= 1
    if j >= 0 and out[j] == ",":
        del out[j]


def _close(out: list[str], stack: list[str], expecting_key: list[bool]) -> str:
    """Finish a value that was cut off: complete a dangling key or colon, then close every bracket."""
    text = "".join(out).rstrip()
    if text.endswith(","):
        text = text[:-1].rstrip()
    if stack and stack[-1] == "{":
        if text.endswith(":"):
            text += " null"
        elif text.endswith('"') and not expecting_key[-1] and not _after_colon(text):
            text += ": null"
    return text + "".join(_CLOSERS[b] for b in reversed(stack))


def _after_colon(text: str) -> bool:
    """True when the final string of ``text`` is a value (a colon precedes it), not a key."""
    end = len(text) - 1
    i = end - 1
    while i >= 0:
        if text[i] == '"' and text[i - 1] != "\\":
            break
        i -= 1
    before = text[:i].rstrip()
    return before.endswith(":")
