"""`aoi aiopslab run` / `run_problems` over a fake AIOpsLab checkout whose Orchestrator is the twin.

The fake is shaped like AIOpsLab (``<checkout>/aiopslab/orchestrator/__init__.py`` exposing
``Orchestrator``), so the real path runs: import by checkout folder, register_agent, init_problem,
init_context, start_problem(max_steps), and AIOpsLab's result JSON written into the results folder.
"""

from __future__ import annotations

import sys
import textwrap

import pytest
from typer.testing import CliRunner

from aoi.agents.aiopslab import CheckoutError, load_orchestrator, run_problems
from aoi.cli import app
from aoi.env import SessionRecord

FAKE_ORCHESTRATOR = textwrap.dedent('''
    """AIOpsLab's Orchestrator, played by the twin."""
    from aoi.env.aiopslab import TwinOrchestrator


    class Orchestrator(TwinOrchestrator):
        def __init__(self, results_dir=None):
            super().__init__(results_dir=results_dir)

        def init_problem(self, problem_id):
            assert self.agent is not None, "AIOpsLab reads the agent name in init_problem"
            return super().init_problem(problem_id)
''')


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A fake AIOpsLab checkout; sys.path and the imported ``aiopslab`` modules are restored after."""
    root = tmp_path / "AIOpsLab"
    (root / "aiopslab" / "orchestrator").mkdir(parents=True)
    (root / "aiopslab" / "__init__.py").write_text("")
    (root / "aiopslab" / "orchestrator" / "__init__.py").write_text(FAKE_ORCHESTRATOR)
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield root
    for name in [n for n in sys.modules if n == "aiopslab" or n.startswith("aiopslab.")]:
        del sys.modules[name]


def test_run_problems_goes_through_the_checkouts_orchestrator(checkout, tmp_path):
    ids = ["k8s_target_port-misconfig-detection-1", "revoke_auth_mongodb-mitigation-1"]
    outcomes = run_problems(checkout, ids, results_dir=tmp_path / "results", max_steps=30)
    assert [o.problem_id for o in outcomes] == ids
    assert all(o.error is None and o.agent_error is None and len(o.result_files) == 1 for o in outcomes)
    records = [SessionRecord.load(o.result_files[0]) for o in outcomes]
    assert [r.problem_id for r in records] == ids and {r.agent for r in records} == {"aoi"}
    assert records[0].results["Detection Accuracy"] == "Correct" and records[1].results["success"] is True


def test_a_problem_that_fails_is_reported_and_the_next_one_runs(checkout, tmp_path):
    outcomes = run_problems(checkout, ["no-such-problem", "k8s_target_port-misconfig-localization-1"],
                            results_dir=tmp_path / "results", max_steps=30)
    assert outcomes[0].error is not None and "UnknownProblem" in outcomes[0].error
    assert outcomes[1].error is None and outcomes[1].results["success"] is True


def test_a_folder_without_aiopslab_is_refused(tmp_path):
    with pytest.raises(CheckoutError, match="is not an AIOpsLab checkout"):
        load_orchestrator(tmp_path)


def test_an_import_that_fails_is_one_line(checkout):
    (checkout / "aiopslab" / "orchestrator" / "__init__.py").write_text("import kubernetes_not_installed_here\n")
    with pytest.raises(CheckoutError) as caught:
        load_orchestrator(checkout)
    assert "\n" not in str(caught.value)
    assert "cannot import AIOpsLab's Orchestrator" in str(caught.value)
    assert "ModuleNotFoundError: No module named 'kubernetes_not_installed_here'" in str(caught.value)


runner = CliRunner()


def test_the_cli_runs_collects_and_reports(checkout, tmp_path):
    results, bench = tmp_path / "results", tmp_path / "bench"
    ran = runner.invoke(app, ["aiopslab", "run", "--aiopslab-dir", str(checkout), "--problems",
                              "k8s_target_port-misconfig-detection-1,revoke_auth_mongodb-analysis-1",
                              "--results-dir", str(results), "--max-steps", "30"])
    assert ran.exit_code == 0, ran.output
    assert "k8s_target_port-misconfig-detection-1: {'Detection Accuracy': 'Correct', 'steps': 13}" in ran.output
    collected = runner.invoke(app, ["aiopslab", "collect", str(results), "--out", str(bench)])
    assert collected.exit_code == 0, collected.output
    assert "aoi (AIOpsLab): 2 sessions of 2 problems, 2 successful" in collected.output
    reported = runner.invoke(app, ["report", str(bench)])
    assert reported.exit_code == 0, reported.output
    assert "aoi (AIOpsLab)" in (bench / "report.md").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--agent", "baseline"], "unknown agent 'baseline' for AIOpsLab; expected one of: runbook, llm"),
    (["--agent", "llm"], "agent 'llm' needs --model, --base-url"),
    (["--approval", "sometimes"], "unknown approval mode 'sometimes'"),
])
def test_bad_flags_fail_before_any_cluster_work(checkout, tmp_path, args, message):
    result = runner.invoke(app, ["aiopslab", "run", "--aiopslab-dir", str(checkout), "--problems", "x", *args])
    assert result.exit_code == 2 and message in result.output


def test_a_missing_checkout_is_one_line_and_exit_2(tmp_path):
    result = runner.invoke(app, ["aiopslab", "run", "--aiopslab-dir", str(tmp_path), "--problems", "x"])
    assert result.exit_code == 2 and "is not an AIOpsLab checkout" in result.output


def test_a_failed_problem_makes_run_exit_1(checkout, tmp_path):
    result = runner.invoke(app, ["aiopslab", "run", "--aiopslab-dir", str(checkout), "--problems", "nope",
                                 "--results-dir", str(tmp_path / "r")])
    assert result.exit_code == 1 and "nope: failed: UnknownProblem" in result.output
