"""The Probe, driven with the whole adversarial corpus against a live twin, changes nothing.

Every command of tests/safety/adversarial_commands.jsonl (chains, substitutions, wrappers,
quoting tricks, exec into pods, plugins, flags) goes through the Probe exactly as the runtime
wires it: the Probe's own check, then a gated runner over the twin's shell. The runner records
what reached the twin; the test asserts that nothing did and that the cluster state is the same.
"""

from __future__ import annotations

import json
from pathlib import Path

from aoi.agents.contracts import ProbeRequest
from aoi.agents.probe import Probe, gate
from aoi.safety import Verdict

from .conftest import Recording, cluster_state, twin_runner

CORPUS = Path(__file__).resolve().parents[2] / "safety" / "adversarial_commands.jsonl"


def _corpus() -> list[str]:
    return [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]


def test_no_adversarial_command_reaches_the_twin(twin) -> None:
    commands = _corpus()
    assert len(commands) >= 300
    before = cluster_state(twin)
    reached = Recording(twin_runner(twin))
    probe = Probe(gate(reached, Verdict.READ))
    results = [result for command in commands
               for result in probe.run(ProbeRequest(goal="adversarial", commands=(command,)))]
    assert reached.received == []
    assert all(not result.ran and result.refusal.startswith("refused: ") for result in results)
    assert cluster_state(twin) == before
