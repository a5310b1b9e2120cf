"""``aoi report``: runs stored by `BenchStore`, one report or a comparison, one-line errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from aoi.bench import BenchConfig, SampleResult
from aoi.bench.store import BENCH_FILE, BenchStore
from aoi.cli import app

runner = CliRunner()


def store_run(directory: Path, label: str, wins: int) -> Path:
    """A two-problem, k=2 run whose first ``wins`` samples succeed."""
    config = BenchConfig(agent="runbook", k=2, problems=("a-detection-1", "b-mitigation-1"), label=label)
    with BenchStore.open(directory, config) as store:
        for i, pid in enumerate(config.problems):
            for j in range(config.k):
                ok = 2 * i + j < wins
                store.add(SampleResult(
                    problem_id=pid, task=pid.split("-")[1], app="HotelReservation", split="test",
                    family=pid[0], sample=j, seed=config.seeds(i)[j], success=ok, strict_success=ok,
                    expected={"answer": "x"}, submission="y",
                ))  # fmt: skip
        store.finish()
    return directory


def one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("error: ")
    for fragment in fragments:
        assert fragment in result.stderr


def test_one_run_is_reported_in_its_own_directory(tmp_path):
    run_dir = store_run(tmp_path / "run", "runbook", 3)
    result = runner.invoke(app, ["report", str(run_dir)])
    assert result.exit_code == 0, result.output
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "AOI benchmark: runbook" in html and 'id="table-task-detection"' in html
    assert (run_dir / "report.md").is_file() and str(run_dir / "report.html") in result.stdout


def test_several_runs_are_compared_in_out(tmp_path):
    wins = {"runbook": 3, "llm": 1, "baseline": 0}
    dirs = [store_run(tmp_path / name, name, n) for name, n in wins.items()]
    out = tmp_path / "cmp"
    result = runner.invoke(app, ["report", *map(str, dirs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "AOI benchmark comparison: runbook vs llm vs baseline" in html
    assert all(f'id="chart-grid-{i}"' in html for i in range(3))
    assert not (dirs[0] / "report.html").exists()  # the runs themselves are left alone


def test_missing_directory_is_a_one_line_error(tmp_path):
    store_run(tmp_path / "run", "runbook", 1)
    result = runner.invoke(app, ["report", str(tmp_path / "run"), str(tmp_path / "nowhere")])
    one_line_error(result, "no run directory at", "nowhere")
    assert not (tmp_path / "report").exists()


def test_directory_without_a_run_is_a_one_line_error(tmp_path):
    one_line_error(runner.invoke(app, ["report", str(tmp_path)]), BENCH_FILE)


def test_unreadable_store_is_a_one_line_error(tmp_path):
    (tmp_path / BENCH_FILE).write_bytes(b"this is not\nan SQLite database\n" * 100)
    one_line_error(runner.invoke(app, ["report", str(tmp_path)]), "cannot read the bench run in")
