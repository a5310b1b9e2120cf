"""Chat clients: OpenAI-compatible endpoints over HTTP, a scripted client, and token accounting.

    client = OpenAICompatibleClient("http://127.0.0.1:8000/v1", "Qwen/Qwen3-14B", timeout_s=60)
    ledger = TokenLedger()
    reply = ledger.meter(client, "observer").complete(
        [ChatMessage(role="user", content="hello")], max_tokens=64, temperature=0.0
    )
    ledger.usage("observer").tokens_in

This package knows nothing about SRE and imports nothing else from ``aoi``. See README.md here.
"""

from ._errors import LLMError, LLMRequestError, LLMUnavailable, ScriptExhausted
from ._ledger import MeteredClient, RoleUsage, TokenLedger
from ._openai import PLACEHOLDER_API_KEY, OpenAIClientConfig, OpenAICompatibleClient
from ._retry import Backoff, retry_after_seconds
from ._scripted import Responder, ScriptedChatClient
from ._tokens import estimate_message_tokens, estimate_tokens
from ._types import ChatClient, ChatCompletion, ChatMessage, Role

__all__ = [
    "PLACEHOLDER_API_KEY",
    "Backoff",
    "ChatClient",
    "ChatCompletion",
    "ChatMessage",
    "LLMError",
    "LLMRequestError",
    "LLMUnavailable",
    "MeteredClient",
    "OpenAIClientConfig",
    "OpenAICompatibleClient",
    "Responder",
    "Role",
    "RoleUsage",
    "ScriptExhausted",
    "ScriptedChatClient",
    "TokenLedger",
    "estimate_message_tokens",
    "estimate_tokens",
    "retry_after_seconds",
]
