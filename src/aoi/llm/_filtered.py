"""`FilteredClient`: a `ChatClient` whose every message passes through a text filter first.

The hook by which callers redact what a model sees without this package knowing what a secret
is (``aoi.llm`` knows nothing about SRE): the agents fill it with `aoi.safety.redact.Redactor`
for endpoints that are not local. The filter sees each message's content on its own; roles and
order are kept, and the reply is returned untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._types import ChatClient, ChatCompletion, ChatMessage, ClosesOnExit, close_client

__all__ = ["FilteredClient", "MessageFilter"]

MessageFilter = Callable[[str], str]
"""Text in, text out: applied to every message's content before a request (e.g. a redactor)."""


class FilteredClient(ClosesOnExit):
    """``client`` with ``transform`` applied to each message; ``close`` and ``with`` reach ``client``."""

    def __init__(self, client: ChatClient, transform: MessageFilter) -> None:
        self.client, self.transform = client, transform

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None = None,
    ) -> ChatCompletion:
        filtered = [m.model_copy(update={"content": self.transform(m.content)}) for m in messages]
        return self.client.complete(filtered, max_tokens=max_tokens, temperature=temperature, stop=stop)

    def close(self) -> None:
        close_client(self.client)

