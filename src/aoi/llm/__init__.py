"""Chat clients: OpenAI-compatible endpoints, local Hugging Face models, a scripted client, token accounting.

    client = OpenAICompatibleClient("http://127.0.0.1:8000/v1", "Qwen/Qwen3-14B", timeout_s=60)
    ledger = TokenLedger()
    reply = ledger.meter(client, "observer").complete(
        [ChatMessage(role="user", content="hello")], max_tokens=64, temperature=0.0
    )
    ledger.usage("observer").tokens_in

    local = make_client("hf:runs/sft/adapter")  # a model or adapter directory, run in-process

This package knows nothing about SRE and imports nothing else from ``aoi``. See README.md here.
"""

from ._errors import (
    LLMError,
    LLMRequestError,
    LLMUnavailable,
    LocalModelError,
    MissingExtraError,
    ModelNotFound,
    PromptTooLong,
    ScriptExhausted,
)
from ._factory import LOCAL_MODEL_PREFIX, is_local_model, make_client
from ._hf import HuggingFaceClient
from ._ledger import MeteredClient, RoleUsage, TokenLedger
from ._openai import PLACEHOLDER_API_KEY, OpenAIClientConfig, OpenAICompatibleClient
from ._retry import Backoff, retry_after_seconds
from ._scripted import Responder, ScriptedChatClient
from ._tokens import estimate_message_tokens, estimate_tokens
from ._types import ChatClient, ChatCompletion, ChatMessage, Role

__all__ = [
    "LOCAL_MODEL_PREFIX",
    "PLACEHOLDER_API_KEY",
    "Backoff",
    "ChatClient",
    "ChatCompletion",
    "ChatMessage",
    "HuggingFaceClient",
    "LLMError",
    "LLMRequestError",
    "LLMUnavailable",
    "LocalModelError",
    "MeteredClient",
    "MissingExtraError",
    "ModelNotFound",
    "OpenAIClientConfig",
    "OpenAICompatibleClient",
    "PromptTooLong",
    "Responder",
    "Role",
    "RoleUsage",
    "ScriptExhausted",
    "ScriptedChatClient",
    "TokenLedger",
    "estimate_message_tokens",
    "estimate_tokens",
    "is_local_model",
    "make_client",
    "retry_after_seconds",
]
