"""Line helpers shared by the handlers: cleaning, severity, and collapsing repeated lines.

Colour escapes are removed before anything else: the twin and real services (zerolog's console
writer) colour their logs, and the escapes carry nothing the Observer can use.
"""

from __future__ import annotations

import re

__all__ = ["clean", "collapse", "is_alarming", "repeat_key", "with_count"]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Level words as logging libraries print them (zerolog ERR/WRN/FTL, glog E/W/F prefixes, logfmt).
_LEVELS = re.compile(
    r"\b(?:ERR|ERROR|WRN|WARN|WARNING|FTL|FATAL|PANIC|CRIT|CRITICAL|SEVERE)\b"
    r"|\"(?:level|severity)\"\s*:\s*\"(?:error|warn|warning|fatal|panic|critical)\""
    r"|\blevel=(?:error|warn|warning|fatal|panic)\b"
    r"|^[EWF]\d{4} "
)
_WORDS = re.compile(
    r"\b(?:error|errors|exception|panic|fatal|refused|denied|unauthori[sz]ed|not authorized|forbidden"
    r"|timeout|timed out|deadline exceeded|failed|failure|traceback|oomkilled|crashloopbackoff"
    r"|no such host|unavailable|unreachable|back-off)\b",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b"
)
_HEX = re.compile(r"\b[0-9a-f]{8,}\b")
_NUMBER = re.compile(r"\d+")


def clean(text: str) -> str:
    """Remove colour escapes and carriage returns; keep everything else as printed."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def is_alarming(line: str) -> bool:
    """True for an error, warning or failure line (by level word or by a failure word)."""
    return bool(_LEVELS.search(line) or _WORDS.search(line))


def repeat_key(line: str) -> str:
    """The line with timestamps, long hex ids and numbers masked, so repeats compare equal."""
    key = _TIMESTAMP.sub("T", line)
    key = _HEX.sub("H", key)
    return _NUMBER.sub("0", key).strip()


def collapse(lines: list[str]) -> list[tuple[str, int]]:
    """Group lines equal up to `repeat_key`, in order of first appearance: ``(first line, count)``."""
    counts: dict[str, list] = {}
    for line in lines:
        key = repeat_key(line)
        entry = counts.get(key)
        if entry is None:
            counts[key] = [line, 1]
        else:
            entry[1] += 1
    return [(first, count) for first, count in counts.values()]


def with_count(line: str, count: int) -> str:
    """``line`` with a ``(xN)`` suffix when it was seen more than once."""
    return f"{line} (x{count})" if count > 1 else line
