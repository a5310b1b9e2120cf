"""The tiny model's tokenizer: lossless, and short on the Observer's decisions when merges cross words."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CORPUS_PROBLEMS


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    pytest.importorskip("tokenizers")
    pytest.importorskip("trl")
    from aoi.train.tiny import observer_corpus

    return observer_corpus(CORPUS_PROBLEMS[:2])


def _tokenizer(corpus: list[str], tmp_path: Path, **spec: object):
    from transformers import AutoTokenizer

    from aoi.train.tiny import TinySpec, build_tiny_model

    out = build_tiny_model(tmp_path, corpus, spec=TinySpec(vocab_size=4096, **spec))
    return AutoTokenizer.from_pretrained(out)


def test_every_text_round_trips_through_either_vocabulary(corpus: list[str], tmp_path: Path):
    unseen = 'kubectl get pods -n astronomy-shop -o wide | grep "ünïcode"'
    for name, cross in (("cross", True), ("bounded", False)):
        tokenizer = _tokenizer(corpus, tmp_path / name, cross_word_merges=cross)
        for text in [*corpus[:20], unseen]:
            assert tokenizer.decode(tokenizer(text)["input_ids"]) == text


def test_cross_word_merges_shorten_the_decisions(corpus: list[str], tmp_path: Path):
    decisions = [text for text in corpus if text.startswith('{"phase"')]
    assert decisions
    cross = _tokenizer(corpus, tmp_path / "cross", cross_word_merges=True)
    bounded = _tokenizer(corpus, tmp_path / "bounded", cross_word_merges=False)

    def tokens(tokenizer) -> int:
        return sum(len(tokenizer(text)["input_ids"]) for text in decisions)

    assert tokens(cross) * 2 < tokens(bounded)
    longest = max(len(token) for token in cross.convert_ids_to_tokens(range(len(cross))))
    assert longest <= 24  # max_token_chars bounds a piece
