"""Chat clients: OpenAI-compatible endpoints, local Hugging Face models, a scripted client, token accounting.

    client = OpenAICompatibleClient("http://127.0.0.1:8000/v1", "Qwen/Qwen3-14B", timeout_s=60)
    ledger = TokenLedger()
    reply = ledger.meter(client, "observer").complete(
        [ChatMessage(role="user", content="hello")], max_tokens=64, temperature=0.0
    )
    ledger.usage("observer").tokens_in

    local = make_client("hf:runs/sft/adapter")  # a model or adapter directory, run in-process
    masked = FilteredClient(client, redact)  # every message's text through redact() first

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
from ._filtered import FilteredClient, MessageFilter
from ._hf import HuggingFaceClient
from ._ledger import MeteredClient, RoleUsage, TokenLedger
from ._local import is_local_endpoint, remote_models
from ._openai import PLACEHOLDER_API_KEY, OpenAIClientConfig, OpenAICompatibleClient
from ._retry import Backoff, retry_after_seconds
from ._scripted import Responder, ScriptedChatClient
from ._tokens import estimate_message_tokens, estimate_tokens
from ._types import ChatClient, ChatCompletion, ChatMessage, ClosesOnExit, Role, close_client

__all__ = [
    "LOCAL_MODEL_PREFIX",
    "PLACEHOLDER_API_KEY",
    "Backoff",
    "ChatClient",
    "ChatCompletion",
    "ChatMessage",
    "ClosesOnExit",
    "FilteredClient",
    "HuggingFaceClient",
    "LLMError",
    "LLMRequestError",
    "LLMUnavailable",
    "LocalModelError",
    "MessageFilter",
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
    "close_client",
    "estimate_message_tokens",
    "estimate_tokens",
    "is_local_endpoint",
    "is_local_model",
    "make_client",
    "remote_models",
    "retry_after_seconds",
]
