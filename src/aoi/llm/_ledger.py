"""`TokenLedger`: tokens, calls and latency summed per role, and `MeteredClient` that books them.

A role is any label the caller chooses ("observer", "probe", "compressor", "agent"); this
package attaches no meaning to it. Wrap each role's client with ``ledger.meter(client, role)``
and every completion is booked without the role's code knowing about the ledger.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ._types import ChatClient, ChatCompletion, ChatMessage, ClosesOnExit, close_client

__all__ = ["MeteredClient", "RoleUsage", "TokenLedger"]


class RoleUsage(BaseModel):
    """What one role (or the whole run) spent."""

    model_config = ConfigDict(frozen=True)

    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: float = 0.0
    estimated_calls: int = 0  # calls whose counts are estimates (the server sent no usage)

    @property
    def tokens(self) -> int:
        return self.tokens_in + self.tokens_out

    def plus(self, completion: ChatCompletion) -> RoleUsage:
        return RoleUsage(
            calls=self.calls + 1,
            tokens_in=self.tokens_in + completion.tokens_in,
            tokens_out=self.tokens_out + completion.tokens_out,
            latency_s=self.latency_s + completion.latency_s,
            estimated_calls=self.estimated_calls + int(completion.estimated),
        )


class TokenLedger:
    """Per-role sums of completions; safe to share between threads."""

    def __init__(self) -> None:
        self._by_role: dict[str, RoleUsage] = {}
        self._lock = threading.Lock()

    def record(self, role: str, completion: ChatCompletion) -> None:
        with self._lock:
            self._by_role[role] = self._by_role.get(role, RoleUsage()).plus(completion)

    def usage(self, role: str) -> RoleUsage:
        return self._by_role.get(role, RoleUsage())

    @property
    def by_role(self) -> dict[str, RoleUsage]:
        """A copy of the per-role sums, in the order roles first spent."""
        return dict(self._by_role)

    @property
    def total(self) -> RoleUsage:
        usages = list(self._by_role.values())
        return RoleUsage(
            calls=sum(u.calls for u in usages),
            tokens_in=sum(u.tokens_in for u in usages),
            tokens_out=sum(u.tokens_out for u in usages),
            latency_s=sum(u.latency_s for u in usages),
            estimated_calls=sum(u.estimated_calls for u in usages),
        )

    def as_dict(self) -> dict[str, dict[str, float]]:
        """JSON-ready ``{role: {calls, tokens_in, tokens_out, latency_s, estimated_calls}}``."""
        return {role: usage.model_dump() for role, usage in self._by_role.items()}

    def meter(self, client: ChatClient, role: str) -> MeteredClient:
        """``client``, booking every completion under ``role`` in this ledger."""
        return MeteredClient(client, self, role)


class MeteredClient(ClosesOnExit):
    """A `ChatClient` that books each completion of the wrapped client under one role."""

    def __init__(self, client: ChatClient, ledger: TokenLedger, role: str) -> None:
        self.client, self.ledger, self.role = client, ledger, role

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None = None,
    ) -> ChatCompletion:
        completion = self.client.complete(messages, max_tokens=max_tokens, temperature=temperature, stop=stop)
        self.ledger.record(self.role, completion)
        return completion

    def close(self) -> None:
        close_client(self.client)
