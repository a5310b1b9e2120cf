"""Where a growing reply ends: at a stop string, or just after one complete JSON value.

The in-process client generates a token at a time and feeds `ReplyEnd` the whole decoded reply
after each one. The reply ends at the first stop string (the string itself is cut, as OpenAI's
``stop`` does) or, with ``json_value=True``, just after the first complete top-level JSON object
or array that parses. The second exists for callers that want one JSON value per reply (the LLM
Observer and its planners): a small model that never emits its end-of-turn token would otherwise
spend the whole ``max_tokens`` budget after the answer is already there. A bracket pair that does
not parse (``"use {namespace}"``) does not end the reply, and a leading ``<think>...</think>``
block is skipped, since reasoning may quote braces.

>>> end = ReplyEnd(json_value=True)
>>> end.feed('Sure: {"a": "}", "b": [1') is None
True
>>> text = 'Sure: {"a": "}", "b": [1]} and then more'
>>> text[: end.feed(text)]
'Sure: {"a": "}", "b": [1]}'
>>> strip_empty_think("<think>\\n\\n</think>\\n\\n{}")
'{}'
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

__all__ = ["ReplyEnd", "strip_empty_think"]

_THINK_OPEN, _THINK_CLOSE = "<think>", "</think>"
# A byte-level decoder shows the bytes of a character not yet complete as U+FFFD; the text up to
# them is settled, the rest may still change with the next token.
_UNSETTLED = "\ufffd"
_EMPTY_THINK = re.compile(r"\A\s*<think>\s*</think>\s*")
_OPENERS, _CLOSERS = "{[", "}]"


def strip_empty_think(text: str) -> str:
    """``text`` without a leading empty ``<think></think>`` block (Qwen3 emits one when not thinking)."""
    return _EMPTY_THINK.sub("", text, count=1)


class ReplyEnd:
    """Feed it the whole reply so far, as often as it grows; it answers where the reply ends.

    Each call reads only what was not read before, so feeding after every token costs time in
    proportion to the reply, not to its square. The first end found is final.
    """

    def __init__(self, stops: Sequence[str] = (), *, json_value: bool = False) -> None:
        self.stops = tuple(s for s in stops if s)
        self._longest = max((len(s) for s in self.stops), default=0)
        self._searched = 0  # stop strings were looked for in text[:_searched]
        self._json = _JsonScan() if json_value else None
        self.end: int | None = None

    @property
    def watching(self) -> bool:
        """False when nothing but the model's own end can end the reply (no stops, no JSON stop)."""
        return bool(self.stops) or self._json is not None

    def feed(self, text: str) -> int | None:
        """The index at which ``text`` (the reply so far) ends, or None while it goes on."""
        if self.end is None:
            settled = len(text.rstrip(_UNSETTLED))
            ends = [self._stop_at(text, settled), self._json.end(text, settled) if self._json else None]
            self.end = min((e for e in ends if e is not None), default=None)
        return self.end

    def _stop_at(self, text: str, settled: int) -> int | None:
        if not self.stops:
            return None
        # A stop string may straddle what was searched before and what is new.
        start = max(0, self._searched - self._longest + 1)
        self._searched = settled
        found = [i for i in (text.find(stop, start) for stop in self.stops) if i >= 0]
        return min(found, default=None)


class _JsonScan:
    """Reads a reply a character at a time, tracking brackets and strings, for the first JSON value."""

    def __init__(self) -> None:
        self.pos: int | None = None  # next index to read; None until the answer's start is known
        self.depth, self.start, self.quoted, self.escaped = 0, 0, False, False

    def end(self, text: str, settled: int) -> int | None:
        if self.pos is None:
            self.pos = _answer_start(text)
            if self.pos is None:
                return None
        for i in range(self.pos, settled):
            if self._read(text[i], i) and _parses(text[self.start : i + 1]):
                self.pos = i + 1
                return i + 1
        self.pos = max(self.pos, settled)
        return None

    def _read(self, ch: str, i: int) -> bool:
        """Take one character; True when it closes a top-level bracket."""
        if self.quoted:  # strings matter only inside a value: prose may hold stray quotes
            if self.escaped:
                self.escaped = False
            elif ch == "\\":
                self.escaped = True
            elif ch == '"':
                self.quoted = False
        elif ch in _OPENERS:
            if self.depth == 0:
                self.start = i
            self.depth += 1
        elif self.depth and ch in _CLOSERS:
            self.depth -= 1
            return self.depth == 0
        elif self.depth and ch == '"':
            self.quoted = True
        return False


def _answer_start(text: str) -> int | None:
    """Where the answer begins: 0, or after a leading think block; None while that is undecided."""
    body = text.lstrip()
    if body.startswith(_THINK_OPEN):
        close = text.find(_THINK_CLOSE)
        return None if close < 0 else close + len(_THINK_CLOSE)
    return None if _THINK_OPEN.startswith(body) else 0  # '' or '<thi' could still become '<think>'


def _parses(candidate: str) -> bool:
    try:
        json.loads(candidate, strict=False)
    except (ValueError, RecursionError):
        return False
    return True
