"""Fixtures: the fake chat server shared with tests/llm."""

from llm.conftest import chat_server  # noqa: F401 - re-exported fixture
