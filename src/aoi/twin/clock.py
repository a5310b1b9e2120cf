"""Virtual time for the twin: a clock that only moves when told, and kubectl's time formats.

Nothing in the twin sleeps. The episode advances the clock by a configurable amount per agent
step; controllers schedule their own wake-ups (back-offs, container starts) against it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# A fixed origin keeps every seed's timestamps reproducible byte for byte.
EPOCH = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


class VirtualClock:
    """Seconds since `EPOCH`, advanced explicitly."""

    __slots__ = ("now",)

    def __init__(self, start: float = 0.0) -> None:
        self.now = float(start)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"the virtual clock cannot go back (asked to advance {seconds}s)")
        self.now += seconds

    def datetime(self, at: float | None = None) -> datetime:
        return EPOCH + timedelta(seconds=self.now if at is None else at)

    def rfc3339(self, at: float | None = None) -> str:
        return rfc3339(self.now if at is None else at)


def rfc3339(at: float) -> str:
    """Kubernetes' metav1.Time format, e.g. ``2026-03-02T09:00:00Z``."""
    return (EPOCH + timedelta(seconds=int(at))).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_rfc3339(text: str) -> float:
    """Inverse of `rfc3339`: seconds since `EPOCH`."""
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return (moment - EPOCH).total_seconds()


def human_duration(seconds: float) -> str:
    """kubectl's AGE format (apimachinery ``duration.HumanDuration``)."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d{rest}h" if rest else f"{hours // 24}d"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = (hours // 24) % 365
        return f"{hours // 24 // 365}y{days}d" if days else f"{hours // 24 // 365}y"
    return f"{hours // 24 // 365}y"
