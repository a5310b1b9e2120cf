"""When to retry a failed request and how long to wait first.

Waits grow exponentially (``initial_s * factor**attempt``, capped at ``max_s``) and are spread by
a jitter drawn from a generator seeded by ``seed``, so a run's waits are reproducible. A server's
``Retry-After`` (seconds or an HTTP date) or ``retry-after-ms`` header replaces the computed wait,
capped at ``retry_after_max_s`` so that a confused server cannot stall a run for hours.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Mapping
from email.utils import parsedate_to_datetime

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["RETRYABLE_STATUS", "Backoff", "is_retryable_status", "retry_after_seconds"]

# Request timeout, conflict (lock contention on some servers), rate limit, and every server error.
RETRYABLE_STATUS = frozenset({408, 409, 429})


class Backoff(BaseModel):
    """Exponential back-off with deterministic jitter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    initial_s: float = Field(default=1.0, ge=0, description="Wait before the first retry, in seconds.")
    factor: float = Field(default=2.0, ge=1, description="Each further wait is this many times longer.")
    max_s: float = Field(default=30.0, ge=0, description="No computed wait is longer than this.")
    jitter: float = Field(
        default=0.1,
        ge=0,
        le=1,
        description="Each wait is scaled by a factor drawn from [1-jitter, 1+jitter].",
    )
    seed: int = Field(default=0, description="Seed of the jitter generator (one generator per client).")
    retry_after_max_s: float = Field(
        default=60.0, ge=0, description="Longest wait a server's Retry-After header can impose."
    )

    def waits(self) -> Iterator[float]:
        """The computed waits, attempt after attempt, for one request."""
        rng = random.Random(self.seed)
        attempt = 0
        while True:
            base = min(self.max_s, self.initial_s * self.factor**attempt)
            yield base * (1 + self.jitter * rng.uniform(-1.0, 1.0))
            attempt += 1

    def wait_for(self, computed: float, retry_after: float | None) -> float:
        """The wait to use: the server's Retry-After when it gave one (capped), else ``computed``."""
        if retry_after is None:
            return computed
        return min(max(retry_after, 0.0), self.retry_after_max_s)


def is_retryable_status(status: int) -> bool:
    """True for statuses that a later identical request may get past."""
    return status in RETRYABLE_STATUS or status >= 500


def retry_after_seconds(headers: Mapping[str, str] | None, *, now: float | None = None) -> float | None:
    """Seconds a response asks the client to wait, or None when it does not say (or says nonsense)."""
    if not headers:
        return None
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - (time.time() if now is None else now)
