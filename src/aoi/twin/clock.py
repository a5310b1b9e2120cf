"""Virtual time for the twin: a clock that only moves when told, and kubectl's time formats.

Nothing in the twin sleeps. The episode advances the clock by a configurable amount per agent
step; controllers schedule their own wake-ups (back-offs, container starts) against it.

A cluster's clock starts at 0 (``EPOCH``) unless it is built inside `starting_at`, which moves
the start instead of the epoch: ``now`` stays "seconds since EPOCH" for every module that
imported ``EPOCH`` or cached a parsed timestamp, while every timestamp the cluster writes moves
with the start (``aoi twin serve --clock wall`` builds its cluster so the problem starts now).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

# A fixed origin keeps every seed's timestamps reproducible byte for byte.
EPOCH = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)

# A context variable rather than a module global: a server thread building a wall-clock cluster
# must not move the start of clusters other threads (tests, episodes) build at the same time.
_START: ContextVar[float] = ContextVar("aoi_twin_clock_start", default=0.0)


def default_start() -> float:
    """Where clocks created now start (seconds since `EPOCH`): 0 unless inside `starting_at`."""
    return _START.get()


@contextmanager
def starting_at(moment: datetime) -> Iterator[None]:
    """Clusters built in this block start their virtual clock at ``moment`` (whole seconds).

    The scenario snapshot cache keys on `default_start`, so a build under another start is never
    reused here.
    """
    if moment.tzinfo is None:
        raise ValueError(f"starting_at needs an aware datetime (e.g. tzinfo=UTC), got {moment!r}")
    token = _START.set(float(math.floor((moment - EPOCH).total_seconds())))
    try:
        yield
    finally:
        _START.reset(token)


class VirtualClock:
    """Seconds since `EPOCH`, advanced explicitly."""

    __slots__ = ("now",)

    def __init__(self, start: float | None = None) -> None:
        self.now = float(default_start() if start is None else start)

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
