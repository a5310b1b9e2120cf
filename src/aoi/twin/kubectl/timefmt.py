"""Times as kubectl shows them: ages against the virtual clock, and describe's RFC 1123 dates."""

from __future__ import annotations

from functools import lru_cache

from ..clock import EPOCH, human_duration, parse_rfc3339

__all__ = ["age", "rfc1123z", "seconds"]


@lru_cache(maxsize=8192)
def seconds(timestamp: str) -> float:
    """RFC 3339 -> seconds since the twin's epoch; cached because tables parse the same stamps often."""
    return parse_rfc3339(timestamp)


def age(timestamp: str | None, now: float) -> str:
    """kubectl's translateTimestampSince: ``<unknown>`` for a missing time, else a human duration."""
    if not timestamp:
        return "<unknown>"
    return human_duration(now - seconds(timestamp))


def rfc1123z(timestamp: str) -> str:
    """``Mon, 02 Mar 2026 09:00:00 +0000``, the format of describe's dates."""
    from datetime import timedelta

    return (EPOCH + timedelta(seconds=seconds(timestamp))).strftime("%a, %d %b %Y %H:%M:%S +0000")
