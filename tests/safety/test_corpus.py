"""The adversarial corpus never classifies read; the realistic agent reads always do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aoi.safety import classify

HERE = Path(__file__).parent
ADVERSARIAL = [json.loads(line) for line in (HERE / "adversarial_commands.jsonl").read_text().splitlines() if line]
READS = [json.loads(line) for line in (HERE / "realistic_reads.jsonl").read_text().splitlines() if line]


def test_corpora_are_big_enough() -> None:
    assert len(set(ADVERSARIAL)) >= 300
    assert len(set(READS)) >= 80


@pytest.mark.parametrize("command", ADVERSARIAL)
def test_adversarial_command_is_never_read(command: str) -> None:
    result = classify(command)
    assert result.verdict in ("write", "denied"), (command, result.reason)


@pytest.mark.parametrize("command", READS)
def test_realistic_read_is_read(command: str) -> None:
    result = classify(command)
    assert result.verdict == "read", (command, result.reason)
