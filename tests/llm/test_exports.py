"""The public surface of `aoi.llm` is pinned, and the package stays a leaf."""

from __future__ import annotations

import ast
from pathlib import Path

import aoi.llm

EXPECTED = {
    "PLACEHOLDER_API_KEY", "Backoff", "ChatClient", "ChatCompletion", "ChatMessage", "LLMError",
    "LLMRequestError", "LLMUnavailable", "MeteredClient", "OpenAIClientConfig", "OpenAICompatibleClient",
    "Responder", "Role", "RoleUsage", "ScriptExhausted", "ScriptedChatClient", "TokenLedger",
    "estimate_message_tokens", "estimate_tokens", "retry_after_seconds",
    "HuggingFaceClient", "LOCAL_MODEL_PREFIX", "LocalModelError", "MissingExtraError", "ModelNotFound",
    "PromptTooLong", "is_local_model", "make_client",
    "FilteredClient", "MessageFilter", "is_local_endpoint", "remote_models", "ClosesOnExit", "close_client",
}  # fmt: skip


def test_exported_members():
    assert set(aoi.llm.__all__) == EXPECTED
    assert all(hasattr(aoi.llm, name) for name in EXPECTED)


def test_llm_imports_nothing_else_from_aoi():
    for path in Path(aoi.llm.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert not (node.module or "").startswith("aoi"), f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("aoi") for a in node.names), path.name
