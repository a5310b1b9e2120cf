"""Agent names resolve lazily; `aoi run` drives the runtime and fails cleanly on bad input."""

from __future__ import annotations

import contextlib
import json

import pytest
from typer.testing import CliRunner

from aoi.agents import registry
from aoi.agents.observer import ScriptedObserver
from aoi.agents.registry import AgentSpec, UnknownAgent, resolve
from aoi.cli import app

from .conftest import PATCH, SVC_YAML, TARGET_PORT, order, probe, submit


@pytest.fixture
def scripted(monkeypatch):
    script = [probe(SVC_YAML), order(PATCH, verify=(SVC_YAML,)), submit()]
    monkeypatch.setitem(registry.AGENTS, "scripted", AgentSpec("observer", lambda: ScriptedObserver(script)))


class _ClosingObserver(ScriptedObserver):
    closed = 0

    def close(self) -> None:
        type(self).closed += 1


@pytest.mark.parametrize("script", [[submit()], lambda context: 1 / 0], ids=["run ends", "run raises"])
def test_run_agent_closes_the_observer_it_built(monkeypatch, script):
    monkeypatch.setattr(_ClosingObserver, "closed", 0)
    monkeypatch.setitem(registry.AGENTS, "closing", AgentSpec("observer", lambda: _ClosingObserver(script)))
    with contextlib.suppress(ZeroDivisionError):
        registry.run_agent("closing", "k8s_target_port-misconfig-mitigation-1", max_iterations=2)
    assert _ClosingObserver.closed == 1


def test_unknown_agent_lists_the_valid_names():
    with pytest.raises(UnknownAgent, match="expected one of: runbook, llm, baseline"):
        resolve("gpt")


def test_agent_whose_module_does_not_exist_yet(monkeypatch):
    monkeypatch.setitem(registry.AGENTS, "later", AgentSpec("observer", "aoi.agents.not_written_yet:Thing"))
    with pytest.raises(UnknownAgent, match="not available yet; available agents: "):
        resolve("later")


def test_runner_agents_get_only_the_options_they_name(monkeypatch):
    calls = []

    def run_baseline(problem_id, *, seed, model=None):
        calls.append((problem_id, seed, model))
        return "result"

    monkeypatch.setitem(registry.AGENTS, "fake-baseline", AgentSpec("runner", run_baseline))
    assert registry.run_agent("fake-baseline", TARGET_PORT, model="m", seed=3, approval="auto") == "result"
    assert calls == [(TARGET_PORT, 3, "m")]


@pytest.mark.parametrize(("options", "missing"), [
    ({"model": "hf:/m"}, []),
    ({"model": "hf:/m", "executor_model": "hf:/e"}, []),
    ({"model": "hf:/m", "probe_model": "served"}, ["base_url"]),
    ({"model": "served"}, ["base_url"]),
    ({"model": "served", "base_url": "http://127.0.0.1:9/v1"}, []),
    ({}, ["model", "base_url"]),
])  # fmt: skip
def test_an_in_process_model_needs_no_base_url(options, missing):
    assert registry.missing_options(registry.AGENTS["llm"], options) == missing


def test_cli_run_json(scripted):
    result = CliRunner().invoke(app, ["run", TARGET_PORT, "--agent", "scripted", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["success"] is True and data["iterations"] == 3 and "trajectory" not in data


def test_cli_run_live_view_and_store(scripted, tmp_path):
    result = CliRunner().invoke(app, ["run", TARGET_PORT, "--agent", "scripted", "--store", str(tmp_path / "t.db")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[1] observer" in out and "probe [read]" in out and "executor [write]" in out
    assert "executor: applied" in out and f"{TARGET_PORT}: success" in out


@pytest.mark.parametrize("args", [
    ["run", "no-such-problem"],
    ["run", TARGET_PORT, "--agent", "nope"],
    ["run", TARGET_PORT, "--approval", "sometimes"],
    ["run", TARGET_PORT, "--max-iterations", "0"],
])
def test_cli_run_bad_input_exits_2(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
