"""Logs and other free text: alarming lines verbatim with repeat counts, plus the last lines.

Lines equal up to timestamps, hex ids and numbers are collapsed into their first occurrence with a
``(xN)`` count. Short outputs (at most `keep_all` distinct lines) are kept whole. Longer ones keep
every distinct alarming line (error, warning, fatal, panic, exception, refused, denied,
unauthorized, timeout, ...) in order of first appearance, then the last `tail` distinct lines.
"""

from __future__ import annotations

from ._evidence import Draft, EvidenceKind
from ._text import collapse, is_alarming, repeat_key, with_count

__all__ = ["compress_lines"]


def compress_lines(text: str, kind: EvidenceKind, keep_all: int = 20, tail: int = 5) -> Draft:
    """Collapse repeats, keep alarming lines and the tail; ``kind`` is "logs", "text" or "error"."""
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    groups = collapse(lines)
    alarming = [(line, n) for line, n in groups if is_alarming(line)]
    noun = "log lines" if kind == "logs" else "lines"
    summary = f"{len(lines)} {noun}, {len(groups)} distinct"
    if alarming:
        summary += f", {sum(n for _, n in alarming)} error/warning lines ({len(alarming)} distinct)"
    if len(groups) <= keep_all:
        return Draft(kind, summary + ":", [with_count(line, n) for line, n in groups])
    details = [with_count(line, n) for line, n in alarming]
    shown = {repeat_key(line) for line, _ in alarming}
    last: list[str] = []
    seen_tail: set[str] = set()
    for line in reversed(lines):
        key = repeat_key(line)
        if key in shown or key in seen_tail:
            continue
        seen_tail.add(key)
        last.append(line)
        if len(last) == tail:
            break
    if last:
        details.append(f"-- last {len(last)} other distinct lines --")
        details.extend(reversed(last))
    return Draft(kind, summary + ":", details)
