"""Shared fixtures for the training tests: one tiny model per session, built from local text."""

from __future__ import annotations

from pathlib import Path

import pytest

# Problems whose runbook runs give the tiny tokenizer the vocabulary of every task type.
CORPUS_PROBLEMS = (
    "revoke_auth_mongodb-mitigation-1",
    "k8s_target_port-misconfig-detection-1",
    "k8s_target_port-misconfig-localization-1",
    "k8s_target_port-misconfig-analysis-1",
)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised tiny Qwen3 and its tokenizer (skips without the train extra)."""
    pytest.importorskip("torch", reason="the training tests need the train extra: pip install 'aoi[train]'")
    pytest.importorskip("trl", reason="the training tests need the train extra: pip install 'aoi[train]'")
    from aoi.train.tiny import build_tiny_model, observer_corpus

    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model", observer_corpus(CORPUS_PROBLEMS))
