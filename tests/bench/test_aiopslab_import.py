"""AIOpsLab result JSONs, in AIOpsLab's exact format, imported as a bench run and reported next to others."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aoi.bench.aiopslab_import import RUN_NOISE, import_sessions
from aoi.bench.store import RunExists, load_run
from aoi.cli import app
from aoi.env import Episode, SessionFileError, TwinBackend
from aoi.problems import get_problem

DETECTION = "k8s_target_port-misconfig-detection-1"
LOCALIZATION = "revoke_auth_mongodb-localization-1"


def aiopslab_session(problem_id: str, start: float, trace: list[tuple[str, str]], results: dict) -> dict:
    """A session as AIOpsLab's Session.to_dict writes it (HEAD: with canonical id and variant context)."""
    return {
        "agent": "aoi", "session_id": f"0b7c{int(start)}-5d2e-4c1a-9f00-{int(start):012d}",
        "problem_id": problem_id, "canonical_problem_id": problem_id, "start_time": start, "end_time": start + 42.5,
        "trace": [{"role": role, "content": content} for role, content in trace], "results": results,
        "variant_context": None,
    }


@pytest.fixture
def results_dir(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    sessions = [
        aiopslab_session(DETECTION, 1000.0, [
            ("assistant", '```\nexec_shell("kubectl get pods -n test-social-network")\n```'), ("env", "NAME ..."),
            ("assistant", "Thought: it is broken.\n```\nsubmit(\"Yes\")\n```"), ("env", "1")],
            {"Detection Accuracy": "Correct", "TTD": 40.1, "steps": 2, "in_tokens": 120, "out_tokens": 30}),
        aiopslab_session(DETECTION, 3000.0, [("assistant", "```\nsubmit(None)\n```"), ("env", "1")],
            {"Detection Accuracy": "Invalid Format", "TTD": 3.0, "steps": 1, "in_tokens": 1, "out_tokens": 5}),
        aiopslab_session(LOCALIZATION, 2000.0, [
            ("assistant", "```\nsubmit(['mongodb-geo'])\n```"), ("env", "1")],
            {"Localization Accuracy": 100.0, "success": True, "is_subset": True, "TTL": 12.0, "steps": 1,
             "in_tokens": 1, "out_tokens": 9}),
        aiopslab_session("brand_new_fault-mitigation-1", 4000.0, [("assistant", "bad"), ("env", "Error...")],
                         {}),
    ]
    for session in sessions:
        name = f"{session['session_id']}_{session['start_time']}"
        (folder / f"{name}.json").write_text(json.dumps(session, indent=4))
        (folder / f"{name}.txt").write_text("captured prints\n")  # AIOpsLab writes these too
    return folder


def test_sessions_become_samples_per_problem_in_start_order(results_dir, tmp_path):
    run = import_sessions(results_dir, tmp_path / "bench")
    assert run.config.problems == (DETECTION, LOCALIZATION, "brand_new_fault-mitigation-1")
    assert (run.config.k, run.config.agent, run.config.noise, run.name) == (2, "aoi", RUN_NOISE, "aoi (AIOpsLab)")
    first, second, loc, unknown = run.samples
    assert (first.sample, first.success, first.submission, first.steps, first.tokens_in, first.wall_s) == (
        0, True, "Yes", 2, 120, 42.5)
    assert (second.sample, second.success, second.submission) == (1, False, None)
    assert (first.task, first.app, first.split, first.expected) == ("detection", "SocialNetwork", "train",
                                                                     {"has_anomaly": "Yes"})
    assert (loc.success, loc.submission, loc.strict_success, loc.results["is_subset"]) == (
        True, ["mongodb-geo"], False, True)
    assert (unknown.task, unknown.app, unknown.family, unknown.success, unknown.error) == (
        "mitigation", "unknown", "brand_new_fault", False, "AIOpsLab recorded no results")
    assert load_run(tmp_path / "bench") == run
    assert (tmp_path / "bench" / "report.md").is_file() and (tmp_path / "bench" / "report.html").is_file()


def test_aoi_written_sessions_import_and_compare_with_aiopslab_ones_in_aoi_report(results_dir, tmp_path):
    twin_results = tmp_path / "twin-results"
    episode = Episode(get_problem(DETECTION), TwinBackend(), max_steps=3, agent_name="runbook")
    episode.reset()
    episode.step('```\nsubmit("Yes")\n```')
    twin_results.mkdir()
    episode.save(twin_results)
    twin = import_sessions(twin_results, tmp_path / "twin", label="twin runbook")
    assert twin.samples[0].success and twin.samples[0].strict_success  # AOI's files carry the strict verdict
    import_sessions(results_dir, tmp_path / "real")
    result = CliRunner().invoke(app, ["report", str(tmp_path / "twin"), str(tmp_path / "real"), "--out",
                                      str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "cmp" / "report.md").read_text()
    assert "twin runbook" in report and "aoi (AIOpsLab)" in report


def test_bad_inputs_are_one_line_errors(results_dir, tmp_path):
    import_sessions(results_dir, tmp_path / "bench")
    with pytest.raises(RunExists):
        import_sessions(results_dir, tmp_path / "bench")
    with pytest.raises(ValueError, match="holds no AIOpsLab result JSON"):
        import_sessions(tmp_path / "bench", tmp_path / "other")
    with pytest.raises(ValueError, match="no results folder"):
        import_sessions(tmp_path / "missing", tmp_path / "other")
    (results_dir / "broken.json").write_text("{not json")
    with pytest.raises(SessionFileError, match="broken.json is not valid JSON"):
        import_sessions(results_dir, tmp_path / "again")


def test_collect_cli_errors_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["aiopslab", "collect", str(tmp_path / "missing"), "--out", str(tmp_path / "b")])
    assert result.exit_code == 2 and "error: no results folder at" in result.output
