"""`is_local_endpoint` / `remote_models` (behind --local-only) and `FilteredClient` (the redaction hook)."""

from __future__ import annotations

import pytest

from aoi.llm import ChatMessage, FilteredClient, ScriptedChatClient, is_local_endpoint, remote_models


@pytest.mark.parametrize(("url", "local"), [
    ("http://127.0.0.1:8000/v1", True), ("http://127.5.0.1/v1", True), ("http://localhost:11434/v1", True),
    ("http://[::1]:8000/v1", True), ("http://vllm.localhost/v1", True), ("localhost:8000", True),
    ("http://10.0.0.5:8000/v1", False), ("http://192.168.1.2/v1", False), ("http://0.0.0.0:8000/v1", False),
    ("https://api.openai.com/v1", False), ("http://127.0.0.1.nip.io/v1", False), ("", False), (None, False),
])  # fmt: skip
def test_only_loopback_is_local(url, local):
    assert is_local_endpoint(url) is local


def test_remote_models_ignores_in_process_models():
    assert remote_models(["hf:runs/x", None], "https://api.openai.com/v1") == []
    assert remote_models(["obs", "hf:x", "comp"], "http://10.0.0.5/v1") == ["obs", "comp"]
    assert remote_models(["obs"], "http://127.0.0.1:8000/v1") == []


def test_filtered_client_transforms_every_message_and_keeps_the_reply():
    inner = ScriptedChatClient(["the reply"])
    client = FilteredClient(inner, str.upper)
    reply = client.complete([ChatMessage(role="system", content="sys"), ChatMessage(role="user", content="hi")],
                            max_tokens=8, temperature=0.0)
    assert reply.text == "the reply"
    assert [(m.role, m.content) for m in inner.calls[0]] == [("system", "SYS"), ("user", "HI")]
