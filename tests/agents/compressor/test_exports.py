"""The public surface of `aoi.agents.compressor`, pinned, and the protocol it promises."""

from __future__ import annotations

import ast
from pathlib import Path

import aoi.agents.compressor as compressor


def test_all_names_exist_and_are_pinned():
    for name in compressor.__all__:
        assert hasattr(compressor, name), name
    assert set(compressor.__all__) == {
        "CHARS_PER_TOKEN", "DEFAULT_BUDGET_TOKENS", "MIN_BUDGET_TOKENS", "Compressor", "Evidence", "EvidenceKind",
        "RuleCompressor", "RuleCompressorConfig", "estimate_tokens", "looks_like_error",
    }  # fmt: skip


def test_rule_compressor_satisfies_the_protocol():
    assert isinstance(compressor.RuleCompressor(), compressor.Compressor)


def test_the_compressor_does_not_import_the_twin():
    for path in Path(compressor.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("aoi.twin"), path.name
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("aoi.twin") for a in node.names), path.name
