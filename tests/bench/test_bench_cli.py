"""``aoi bench``: a run through the command, its reports, and one-line refusals."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from aoi.bench import load_run
from aoi.cli import app

runner = CliRunner()
PROBLEMS = "revoke_auth_mongodb-detection-1,scale_pod_zero_social_net-mitigation-1"


def bench(out: Path, *flags: str):
    return runner.invoke(app, ["bench", "--problems", PROBLEMS, "--workers", "2", "--out", str(out), *flags])


def one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and all(f in lines[0] for f in fragments), result.output


def test_bench_runs_stores_and_reports(tmp_path: Path):
    result = bench(tmp_path, "-k", "1", "--label", "smoke")
    assert result.exit_code == 0, result.output
    run = load_run(tmp_path)
    assert run.name == "smoke" and [s.sample for s in run.samples] == [0, 0]
    assert "best@1" in result.output
    assert (tmp_path / "report.md").is_file() and (tmp_path / "report.html").is_file()


def test_resume_refuses_a_different_config_and_a_fresh_run_refuses_an_old_folder(tmp_path: Path):
    assert bench(tmp_path, "-k", "1").exit_code == 0
    one_line_error(bench(tmp_path, "-k", "2", "--resume"), "cannot resume", "different configuration", "k: 1 -> 2")
    one_line_error(bench(tmp_path, "-k", "1"), "already holds a bench run", "--resume")
    resumed = bench(tmp_path, "-k", "1", "--resume")  # nothing missing: nothing runs, the run is unchanged
    assert resumed.exit_code == 0, resumed.output
    assert len(load_run(tmp_path).samples) == 2


def test_bad_flags_are_one_line_errors(tmp_path: Path):
    one_line_error(runner.invoke(app, ["bench", "--agent", "nope", "--out", str(tmp_path)]), "unknown agent")
    one_line_error(runner.invoke(app, ["bench", "--split", "dev", "--out", str(tmp_path)]), "unknown split")
    one_line_error(runner.invoke(app, ["bench", "--problems", "nope-1", "--out", str(tmp_path)]), "nope-1")
    one_line_error(runner.invoke(app, ["bench", "--problems", PROBLEMS, "--task", "detection"]), "--problems")
    one_line_error(runner.invoke(app, ["bench", "--agent", "llm", "--out", str(tmp_path)]), "--model")
    assert not (tmp_path / "bench.sqlite").exists()
