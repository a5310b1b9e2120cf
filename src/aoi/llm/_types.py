"""The chat contract: `ChatMessage` in, `ChatCompletion` out, through any `ChatClient`.

Clients share no code, so the contract is a `Protocol`; `OpenAICompatibleClient` talks HTTP,
`ScriptedChatClient` answers from a script in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, Self, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ChatClient", "ChatCompletion", "ChatMessage", "ClosesOnExit", "Role", "close_client"]

Role = Literal["system", "user", "assistant"]


class ChatMessage(BaseModel):
    """One message of a conversation, as the OpenAI chat format has it."""

    model_config = ConfigDict(frozen=True)

    role: Role
    content: str


class ChatCompletion(BaseModel):
    """One model answer with its cost."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="The assistant message's text ('' when the server sent none).")
    tokens_in: int = Field(ge=0, description="Prompt tokens, from the server's usage or estimated.")
    tokens_out: int = Field(ge=0, description="Completion tokens, from the server's usage or estimated.")
    model: str = Field(description="The model that answered, as the server names it.")
    latency_s: float = Field(ge=0, description="Wall time of the successful request, retries excluded.")
    estimated: bool = Field(default=False, description="True when the token counts are estimates.")
    finish_reason: str | None = Field(default=None, description="'stop', 'length', ... when known.")


@runtime_checkable
class ChatClient(Protocol):
    """Anything that answers a conversation with one completion."""

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None = None,
    ) -> ChatCompletion:
        """The next assistant message; raises `LLMError` when no answer can be had."""
        ...


def close_client(client: object) -> None:
    """``client.close()`` when it has one (a `ChatClient` need not: scripted ones hold nothing)."""
    close = getattr(client, "close", None)
    if close is not None:
        close()


class ClosesOnExit:
    """``with obj:`` closes ``obj`` at the end; for the clients (and their owners) that have ``close()``."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
