"""Golden fidelity: every corpus command prints the same on real kubectl against the served twin
as on the twin's kubectl emulator (stdout, stderr and exit code).

One test per command, ids ``<group>/<nn> <command>``. A group's commands share one pair of twins
and run in order, so the first test of a group runs the whole group and later ones read its
outcomes; ``xdist_group`` keeps a group on one worker (``pytest -n 2 --dist loadgroup``).
"""

from __future__ import annotations

import shutil

import pytest

from .harness import KUBECTL_MINOR, Group, Outcome, kubectl_minor, load_corpus, run_group

KUBECTL = shutil.which("kubectl")
MINOR = kubectl_minor(KUBECTL) if KUBECTL else None
requires_kubectl = pytest.mark.skipif(
    MINOR != KUBECTL_MINOR,
    reason=("no kubectl binary on PATH: the golden tests compare the emulator with real kubectl "
            "(`make test` installs one where a package is available)") if KUBECTL is None else
           (f"{KUBECTL} is kubectl {MINOR or '(unknown version)'}; the golden outputs are kubectl "
            f"{KUBECTL_MINOR}'s, the release the emulator imitates"),
)

GROUPS = load_corpus()
_OUTCOMES: dict[str, list[Outcome]] = {}


def _outcomes(group: Group) -> list[Outcome]:
    if group.name not in _OUTCOMES:
        assert KUBECTL is not None
        _OUTCOMES[group.name] = run_group(group, KUBECTL)
    return _OUTCOMES[group.name]


def _label(command_id: str, command: str) -> str:
    first_line = command.removeprefix("kubectl ")
    return f"{command_id} {first_line[:80]}"


CASES = [
    pytest.param(group, index, id=_label(command_id, step.command), marks=pytest.mark.xdist_group(group.name))
    for group in GROUPS
    for index, (command_id, step) in enumerate(group.commands())
]


def test_corpus_size() -> None:
    assert len(CASES) >= 150


@requires_kubectl
@pytest.mark.parametrize(("group", "index"), CASES)
def test_golden(group: Group, index: int) -> None:
    outcome = _outcomes(group)[index]
    assert outcome.matched, f"$ {outcome.command}\n{outcome.diff()}"
