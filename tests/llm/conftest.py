"""Fixtures: a fake OpenAI-compatible server factory, and small real models for the in-process client."""

from __future__ import annotations

from pathlib import Path

import pytest

from .fake_server import FakeChatServer
from .hf_models import build_taught_model, one_torch_thread

TRAIN_EXTRA = "the in-process client's tests need the train extra: pip install 'aoi[train]'"


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


@pytest.fixture(scope="session")
def taught_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Qwen3 that answers `hf_models.TAUGHT_PROMPT` with `TAUGHT_REPLY` (skips without the extra)."""
    pytest.importorskip("torch", reason=TRAIN_EXTRA)
    pytest.importorskip("trl", reason=TRAIN_EXTRA)  # the tiny model's chat template comes from TRL
    with one_torch_thread():
        return build_taught_model(tmp_path_factory.mktemp("taught"))
