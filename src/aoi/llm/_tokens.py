"""Token estimates for servers that report no ``usage``.

Four characters per token, rounded up, plus a few tokens of chat-format overhead per message:
close enough for budgets and ledgers, and exact to reproduce on any machine.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._types import ChatMessage

__all__ = ["CHARS_PER_TOKEN", "estimate_message_tokens", "estimate_tokens"]

CHARS_PER_TOKEN = 4
# Role markers and separators that chat templates add around each message.
_PER_MESSAGE_OVERHEAD = 4


def estimate_tokens(text: str) -> int:
    """Approximate token count of ``text`` (0 for the empty string)."""
    return -(-len(text) // CHARS_PER_TOKEN)


def estimate_message_tokens(messages: Sequence[ChatMessage]) -> int:
    """Approximate prompt tokens of a conversation."""
    return sum(estimate_tokens(m.content) + _PER_MESSAGE_OVERHEAD for m in messages)
