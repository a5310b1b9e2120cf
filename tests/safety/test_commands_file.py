"""Command files: plain lines, JSON Lines of strings, and the CLI over them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoi.cli import app
from aoi.safety import CommandFileError, load_commands


def test_plain_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("kubectl get pods\n\nkubectl delete pod x\n")
    assert load_commands(path) == ["kubectl get pods", "kubectl delete pod x"]


def test_json_lines_keep_multiline_commands(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps("cat <<EOF\nx\nEOF") + "\n" + json.dumps("ls") + "\n")
    assert load_commands(path) == ["cat <<EOF\nx\nEOF", "ls"]


def test_mixed_lines_are_plain(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text('"quoted"\nkubectl get pods\n')
    assert load_commands(path) == ['"quoted"', "kubectl get pods"]


@pytest.mark.parametrize("content", [None, "", "\n\n"])
def test_bad_files(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "c.txt"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CommandFileError):
        load_commands(path)


def test_cli_json_in_input_order(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps("kubectl delete pod x") + "\n" + json.dumps("kubectl get pods") + "\n")
    result = CliRunner().invoke(app, ["safety", "classify", "--file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["verdict"] for r in rows] == ["write", "read"]
    assert set(rows[0]) == {"command", "verdict", "reason"}


def test_cli_args_table() -> None:
    result = CliRunner().invoke(app, ["safety", "classify", "kubectl get pods", "rm -rf /"])
    assert result.exit_code == 0, result.output
    assert "denied" in result.output and "read" in result.output


def test_cli_bad_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["safety", "classify", "--file", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "error:" in result.output
