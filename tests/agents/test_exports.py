"""The public surface of `aoi.agents` is pinned, and importing the package loads none of it."""

from __future__ import annotations

import subprocess
import sys

import pytest

import aoi.agents as agents

EXPORTED = {
    "AOIAgent",
    "Executor",
    "Memory",
    "Observer",
    "Probe",
    "RunResult",
    "RunbookObserver",
    "contracts",
    "run_problem",
}


def test_exported_members():
    assert set(agents.__all__) == EXPORTED


def test_every_exported_name_resolves_to_its_definition():
    from aoi.agents import contracts, executor, memory, observer, probe, runbook, runtime

    assert agents.contracts is contracts
    assert agents.run_problem is runtime.run_problem and agents.RunResult is runtime.RunResult
    assert agents.Observer is observer.Observer and agents.Probe is probe.Probe
    assert agents.Executor is executor.Executor and agents.Memory is memory.Memory
    assert agents.RunbookObserver is runbook.RunbookObserver
    from aoi.agents.aiopslab import AOIAgent

    assert agents.AOIAgent is AOIAgent


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        agents.Nope  # noqa: B018 - the access is the test


def test_importing_the_package_loads_no_role():
    code = "import sys, aoi.agents; print(sorted(m for m in sys.modules if m.startswith('aoi.')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['aoi.agents']"
