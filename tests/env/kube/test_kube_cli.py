"""``aoi run --backend kube`` end to end against a served twin: a catalog problem solved and scored
through real kubectl, a free-text incident reported unscored, and one-line errors for bad options."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from aoi.cli import app
from aoi.cli_kube import default_approval

from .conftest import Served, served

PROBLEM_ID = "revoke_auth_mongodb-mitigation-1"
NS = "test-hotel-reservation"
runner = CliRunner()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Served]:
    # Each kubectl call is one agent step of 10 virtual seconds, so restarted pods come back up.
    with served(PROBLEM_ID, tmp_path_factory.mktemp("kube-cli"), step_seconds=10) as found:
        yield found


def kube_args(server: Served, *extra: str) -> list[str]:
    return ["--backend", "kube", "--kubeconfig-probe", str(server.kubeconfig), "--kubeconfig-executor",
            str(server.kubeconfig), "--prometheus-url", server.prometheus_url, "--jaeger-url", server.jaeger_url,
            *extra]  # fmt: skip


def test_a_free_text_incident_is_investigated_and_reported_unscored(server):
    text = "geo keeps crashing since this morning's change"
    result = runner.invoke(app, ["run", text, *kube_args(server, "--namespace", NS, "--task", "localization")])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("incident-localization-") and "submitted ['mongodb-geo']" in last
    assert "(not scored: a live incident has no answer key)" in last


def test_a_catalog_problem_is_solved_and_scored_through_kubectl(server):
    result = runner.invoke(app, ["run", PROBLEM_ID, *kube_args(server, "--approval", "auto")])
    assert result.exit_code == 0, result.output
    assert "executor [write] $ kubectl rollout restart deployment geo" in result.output
    assert f"{PROBLEM_ID}: success (strict: True)" in result.output


def test_writes_on_a_real_cluster_are_confirmed_unless_auto_is_explicit():
    assert default_approval("kube") == "ask" and default_approval("twin") == "auto"


@pytest.mark.parametrize(("args", "message"), [
    (["run", PROBLEM_ID, "--namespace", NS], "error: --namespace: only with --backend kube"),
    (["run", "checkout is slow"], "a free-text incident needs --backend kube"),
    (["run", PROBLEM_ID, "--backend", "kube"], "error: --backend kube needs --kubeconfig-probe"),
    (["run", PROBLEM_ID, "--backend", "kube", "--kubeconfig-probe", "/no/such/kubeconfig"],
     "error: --kubeconfig-probe /no/such/kubeconfig: no such file"),
    (["run", PROBLEM_ID, "--backend", "cloud"], "error: unknown backend 'cloud'; expected one of: twin, kube"),
])  # fmt: skip
def test_bad_combinations_are_one_line_errors(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1


def test_incident_options_are_checked(server):
    for extra, message in [
        ([], "is not a problem id; a free-text incident needs --namespace"),
        (["--namespace", NS, "--task", "triage"], "unknown task 'triage'"),
    ]:
        result = runner.invoke(app, ["run", "slow checkout", *kube_args(server, *extra)])
        assert result.exit_code == 2 and message in result.output
    result = runner.invoke(app, ["run", PROBLEM_ID, *kube_args(server, "--namespace", NS)])
    assert result.exit_code == 2 and "--namespace and --task are for free-text incidents" in result.output
    result = runner.invoke(app, ["run", "slow checkout", *kube_args(server, "--namespace", "nowhere")])
    assert result.exit_code == 1 and "error: namespace 'nowhere' does not exist on the cluster" in result.output
