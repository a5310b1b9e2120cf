from __future__ import annotations

import json

from typer.testing import CliRunner

from aoi.cli import app

runner = CliRunner()


def test_mine_build_export_augment(failing_run, tmp_path):
    mined = tmp_path / "mined.jsonl"
    out = runner.invoke(app, ["evolve", "mine", "--from", str(failing_run), "--out", str(mined), "--json"])
    assert out.exit_code == 0, out.output
    assert {c["pattern"] for c in json.loads(out.output)} == set("ABCDEF")
    lib = tmp_path / "lib.jsonl"
    out = runner.invoke(app, ["evolve", "build", "--from", str(mined), "--out", str(lib)])
    assert out.exit_code == 0 and lib.is_file(), out.output
    out = runner.invoke(app, ["evolve", "export", "--from", str(lib), "--format", "grpo", "--out", str(tmp_path / "d")])
    assert out.exit_code == 0 and (tmp_path / "d" / "grpo.jsonl").is_file(), out.output
    plans = tmp_path / "aug.jsonl"
    out = runner.invoke(app, ["evolve", "augment", "--from", str(failing_run), "--families",
                              "k8s_target_port-misconfig", "--per-family", "1", "--out", str(plans)])
    assert out.exit_code == 0 and plans.read_text(), out.output
    out = runner.invoke(app, ["evolve", "export", "--from", str(plans), "--out", str(tmp_path / "e")])
    assert out.exit_code == 0 and (tmp_path / "e" / "sft.jsonl").read_text(), out.output


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    out = runner.invoke(app, ["evolve", "mine", "--from", str(tmp_path)])
    assert out.exit_code == 2 and "holds no bench run" in out.output
    bad = tmp_path / "x.jsonl"
    bad.write_text("nonsense\n")
    out = runner.invoke(app, ["evolve", "build", "--from", str(bad), "--out", str(tmp_path / "l.jsonl")])
    assert out.exit_code == 2 and "x.jsonl:1" in out.output
    out = runner.invoke(app, ["evolve", "export", "--from", str(bad), "--format", "rl", "--out", str(tmp_path)])
    assert out.exit_code == 2 and "sft, grpo" in out.output
