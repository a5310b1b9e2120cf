from __future__ import annotations

import doctest

import pytest

import aoi.evolver
from aoi.evolver import BM25, bm25, tokenize
from aoi.evolver.probes import candidate_probes
from aoi.problems import all_problems
from aoi.safety import classify


def test_doctest():
    assert doctest.testmod(bm25).failed == 0


def test_bm25_ranks_the_document_sharing_rare_words_first():
    docs = [tokenize("pod crashloopbackoff geo"), tokenize("service targetport 9999"), tokenize("pod running")]
    scores = BM25(docs).scores(tokenize("targetport 9999 pod"))
    assert scores.index(max(scores)) == 1


@pytest.mark.parametrize("problem", [p for p in all_problems() if p.fault.injector.value != "noop"], ids=lambda p: p.id)
def test_every_catalogue_probe_is_a_read(problem):
    for command in candidate_probes(problem):
        assert classify(command).verdict.value == "read", command


def test_public_surface_is_pinned():
    for name in aoi.evolver.__all__:
        assert getattr(aoi.evolver, name) is not None
    assert {"mine_run", "OfflineRepairer", "LLMRepairer", "GuidanceLibrary", "evolve", "export_samples",
            "augment", "GuidanceEntry"} <= set(aoi.evolver.__all__)
