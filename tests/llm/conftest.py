"""Fixtures: a fake OpenAI-compatible server factory that stops every server it started."""

from __future__ import annotations

import pytest

from .fake_server import FakeChatServer


@pytest.fixture
def chat_server(monkeypatch):
    """``chat_server(script)`` -> a started `FakeChatServer`; all are stopped after the test."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    started: list[FakeChatServer] = []

    def start(script, **kwargs) -> FakeChatServer:
        server = FakeChatServer(script, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
