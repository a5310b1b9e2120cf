"""The hard bound: cut a draft until its rendered text fits the token budget.

Cuts, in order, only as far as needed: a long command line or summary is shortened; over-long
detail lines are clipped (``… (+N chars)``); then whole detail lines are dropped from the middle,
keeping the head (identity, first errors) and the tail (latest lines, events), with one marker
line ``... (N more lines)`` where they were.
"""

from __future__ import annotations

import re

from ._evidence import CHARS_PER_TOKEN, MIN_BUDGET_TOKENS, Draft

__all__ = ["fit"]

_HEAD_SHARE = 0.6
_COUNT = re.compile(r" \(x\d+\)$")


def fit(command: str, draft: Draft, budget_tokens: int) -> tuple[str, str, list[str], bool]:
    """Return ``(command, summary, details, truncated)`` whose rendering fits ``budget_tokens``."""
    if budget_tokens < MIN_BUDGET_TOKENS:
        raise ValueError(
            f"budget_tokens must be at least {MIN_BUDGET_TOKENS}, got {budget_tokens}; "
            "pass a larger budget_tokens"
        )
    limit = budget_tokens * CHARS_PER_TOKEN
    summary, details = draft.summary, list(draft.details)
    if _size(command, summary, details) <= limit:
        return command, summary, details, False
    command = _clip(command, limit // 4)
    summary = _clip(summary, limit // 4)
    room = limit - len(command) - 2 - 1 - len(summary)
    if sum(len(d) + 3 for d in details) > room:
        line_cap = max(80, room // 6)
        details = [_clip(d, line_cap) for d in details]
        details = _drop_middle(details, room)
    assert _size(command, summary, details) <= limit
    return command, summary, details, True


def _size(command: str, summary: str, details: list[str]) -> int:
    """Length of `render_parts` without building it: ``$ cmd``, newline, summary, indented lines."""
    return len(command) + 2 + 1 + len(summary) + sum(len(d) + 3 for d in details)


def _clip(text: str, cap: int) -> str:
    """Shorten ``text`` to ``cap`` characters, keeping a trailing repeat count ``(xN)`` if any."""
    if len(text) <= cap:
        return text
    count = _COUNT.search(text)
    suffix = count.group() if count and len(count.group()) <= cap // 4 else ""
    body = text[: len(text) - len(suffix)]
    keep = max(0, cap - 20 - len(suffix))
    return f"{body[:keep]}… (+{len(body) - keep} chars)"[: cap - len(suffix)] + suffix


def _drop_middle(lines: list[str], room: int) -> list[str]:
    """Keep as many lines as fit in ``room`` characters (each costs len + 3), head first."""
    if sum(len(d) + 3 for d in lines) <= room:
        return lines
    marker_cost = len(f"... ({len(lines)} more lines)") + 3
    avail = room - marker_cost
    head: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 3 > avail * _HEAD_SHARE:
            break
        head.append(line)
        used += len(line) + 3
    tail: list[str] = []
    for line in reversed(lines[len(head):]):
        if used + len(line) + 3 > avail:
            break
        tail.append(line)
        used += len(line) + 3
    tail.reverse()
    dropped = len(lines) - len(head) - len(tail)
    if avail < 0:
        return []
    return [*head, f"... ({dropped} more lines)", *tail]
