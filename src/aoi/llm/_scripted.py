"""`ScriptedChatClient`: a `ChatClient` that answers from a list or a function, for tests and demos.

It records every conversation it was sent (``calls``) and prices each answer with the same
estimate a usage-less server gets, so token ledgers work offline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._errors import ScriptExhausted
from ._tokens import estimate_message_tokens, estimate_tokens
from ._types import ChatCompletion, ChatMessage

__all__ = ["Responder", "ScriptedChatClient"]

Responder = Callable[[list[ChatMessage]], str]
"""Returns the assistant text for a conversation; may raise `LLMError` to simulate an outage."""


class ScriptedChatClient:
    """Answers with ``responses`` in order (a list), or with ``responses(messages)`` (a function)."""

    def __init__(self, responses: Sequence[str] | Responder, *, model: str = "scripted") -> None:
        self._script = responses if callable(responses) else list(responses)
        self.model = model
        self.calls: list[list[ChatMessage]] = []

    @property
    def remaining(self) -> int | None:
        """Responses not yet used (None for a function)."""
        return None if callable(self._script) else len(self._script) - len(self.calls)

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None = None,
    ) -> ChatCompletion:
        conversation = list(messages)
        if callable(self._script):
            self.calls.append(conversation)
            text = self._script(conversation)
        else:
            if len(self.calls) >= len(self._script):
                raise ScriptExhausted(
                    f"ScriptedChatClient has no response left after {len(self._script)}; script more responses"
                )
            text = self._script[len(self.calls)]
            self.calls.append(conversation)
        return ChatCompletion(
            text=text,
            tokens_in=estimate_message_tokens(conversation),
            tokens_out=estimate_tokens(text),
            model=self.model,
            latency_s=0.0,
            estimated=True,
            finish_reason="stop",
        )
