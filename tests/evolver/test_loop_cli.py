"""``--ablate`` and ``--guidance`` on ``aoi run`` and ``aoi bench``: effect, record, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aoi.bench import load_run
from aoi.cli import app
from aoi.evolver import GuidanceEntry

runner = CliRunner()
PROBLEM = "k8s_target_port-misconfig-localization-1"
REFUSED = ("pod/compose-post-service Thrift: Thu Mar 5 13:01:45 2026 TSocket::open() connect() "
           "<Host: {target} Port: 9090>: Connection refused")


def library(path: Path) -> Path:
    entry = GuidanceEntry(id="target-port", family="k8s_target_port-misconfig", pattern="B", source=PROBLEM,
                          symptom=(REFUSED,), check=("kubectl get service {target} -n {namespace} -o yaml",),
                          means={"localization": ["{target}"]})
    path.write_text(entry.model_dump_json() + "\n")
    return path


def one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and all(f in lines[0] for f in fragments), result.output


def run(*flags: str) -> dict:
    result = runner.invoke(app, ["run", PROBLEM, "--json", *flags])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_run_ablate_and_guidance(tmp_path: Path):
    assert run()["success"]
    assert not run("--ablate", "services")["success"]
    guided = run("--ablate", "services", "--guidance", str(library(tmp_path / "lib.jsonl")))
    assert guided["success"] and guided["submission"] == ["user-service"]


def test_run_refusals(tmp_path: Path):
    one_line_error(runner.invoke(app, ["run", PROBLEM, "--ablate", "servics"]), "servics", "services", "mongo")
    one_line_error(runner.invoke(app, ["run", PROBLEM, "--agent", "always-yes", "--ablate", "pods"]), "runbook")
    one_line_error(runner.invoke(app, ["run", PROBLEM, "--guidance", str(tmp_path / "none.jsonl")]), "none.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    one_line_error(runner.invoke(app, ["run", PROBLEM, "--guidance", str(bad)]), "bad.jsonl")
    one_line_error(runner.invoke(app, ["run", PROBLEM, "--agent", "baseline", "--guidance", str(library(bad))]),
                   "baseline")


def test_bench_records_ablation_and_guidance_and_resume_checks_the_library(tmp_path: Path):
    lib = library(tmp_path / "lib.jsonl")
    flags = ["bench", "--problems", PROBLEM, "-k", "1", "--workers", "1", "--out", str(tmp_path / "run"),
             "--ablate", "services", "--guidance", str(lib)]
    result = runner.invoke(app, flags)
    assert result.exit_code == 0, result.output
    run_ = load_run(tmp_path / "run")
    assert run_.config.ablate == ("services",) and run_.config.guidance.path == str(lib)
    assert run_.samples[0].success and run_.name == "runbook -services +guidance"
    lib.write_text(lib.read_text() + "\n")  # same entries, other bytes: another library
    one_line_error(runner.invoke(app, [*flags, "--resume"]), "guidance", "sha256")
    one_line_error(runner.invoke(app, [*flags[:-4], "--ablate", "nope"]), "nope", "expected one of")
