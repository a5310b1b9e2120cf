"""`aoi rbac`: valid Kubernetes manifests, a Probe that cannot write, an Executor with only its whitelist's grants."""

from __future__ import annotations

import base64
import stat

import kubernetes_validate
import pytest
import yaml
from typer.testing import CliRunner

from aoi.agents.executor import EXEC_RULES, RULES, executor_grants
from aoi.cli import app
from aoi.safety.rbac import PROBE_CLUSTER_READS, PROBE_READS, READ_VERBS, WRITE_VERBS, RBACError, kubeconfig

RUNNER = CliRunner()


def _render(*flags: str) -> list[dict]:
    result = RUNNER.invoke(app, ["rbac", "render", "--namespace", "hotel-reservation", *flags])
    assert result.exit_code == 0, result.output
    return list(yaml.safe_load_all(result.output))


def _rules(objects: list[dict], account: str) -> set[tuple[str, str, str]]:
    """(group, resource, verb) granted to ``account`` by its Roles and ClusterRoles."""
    bound = {o["roleRef"]["name"] for o in objects if o["kind"].endswith("Binding")
             and any(s["name"] == account for s in o["subjects"])}
    return {(group, resource, verb)
            for o in objects if o["kind"] in ("Role", "ClusterRole") and o["metadata"]["name"] in bound
            for rule in o["rules"] for group in rule["apiGroups"] for resource in rule["resources"]
            for verb in rule["verbs"]}  # fmt: skip


@pytest.mark.parametrize("flags", [(), ("--probe-secrets",), ("--no-exec-repairs", "--name-prefix", "sre")])
def test_manifests_validate_against_the_official_schemas(flags):
    objects = _render(*flags)
    assert [o["kind"] for o in objects].count("ServiceAccount") == 2
    for obj in objects:
        kubernetes_validate.validate(obj, kubernetes_validate.latest_version(), strict=True)


def test_the_probe_reads_only():
    probe = _rules(_render(), "aoi-probe")
    assert probe, "the probe has no rules"
    assert {verb for _, _, verb in probe} == set(READ_VERBS)
    assert not {verb for _, _, verb in probe} & WRITE_VERBS
    resources = {resource for _, resource, _ in probe}
    assert "pods/exec" not in resources and "secrets" not in resources
    assert {"pods", "pods/log", "nodes", "namespaces", "persistentvolumes"} <= resources
    assert ("metrics.k8s.io", "pods", "list") in probe


def test_secrets_only_when_asked():
    assert ("", "secrets", "list") in _rules(_render("--probe-secrets"), "aoi-probe")
    assert not any(r == "secrets" for _, r, _ in _rules(_render("--probe-secrets"), "aoi-executor"))


def test_the_executor_has_exactly_its_whitelists_writes():
    executor = _rules(_render(), "aoi-executor")
    writes = {(g, r, v) for g, r, v in executor if v not in READ_VERBS or r.endswith("/scale")}
    expected = {(g.group, g.resource, v) for g in executor_grants() for v in g.verbs}
    assert writes == expected
    assert ("", "pods", "delete") in writes and ("apps", "deployments", "patch") in writes
    assert ("", "persistentvolumes", "patch") in writes  # release a PV's claim (cluster-scoped)
    assert ("", "pods/exec", "create") in writes  # the mongo repairs and mitigation scripts
    assert not any(v in {"deletecollection", "escalate", "bind", "impersonate"} for _, _, v in writes)
    assert not any(r in {"namespaces", "secrets", "nodes", "roles", "rolebindings"} for _, r, v in writes)
    reads = {(g, r, v) for g, r, v in executor if v in READ_VERBS and not r.endswith("/scale")}
    assert reads == {(g.group, g.resource, v) for g in (*PROBE_READS, *PROBE_CLUSTER_READS) for v in g.verbs}


def test_no_exec_repairs_drops_pods_exec():
    assert not any(r == "pods/exec" for _, r, _ in _rules(_render("--no-exec-repairs"), "aoi-executor"))
    assert set(EXEC_RULES) == {"mongo-user", "mitigate-script"}


def test_every_cluster_write_rule_names_its_grants():
    for rule in RULES:
        assert bool(rule.grants) == (rule.name != "sleep"), rule.name


def test_bad_names_are_one_line_errors():
    result = RUNNER.invoke(app, ["rbac", "render", "--namespace", "Bad_NS"])
    assert result.exit_code == 2
    assert "is not a Kubernetes name" in result.output


def test_kubeconfigs_from_tokens(tmp_path):
    (tmp_path / "probe.token").write_text("probe-token-123\n")
    (tmp_path / "executor.token").write_text("executor-token-456\n")
    (tmp_path / "ca.crt").write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    out = tmp_path / "out"
    result = RUNNER.invoke(app, ["rbac", "kubeconfig", "--server", "https://10.0.0.1:6443", "--ca-file",
                                 str(tmp_path / "ca.crt"), "--probe-token-file", str(tmp_path / "probe.token"),
                                 "--executor-token-file", str(tmp_path / "executor.token"), "--namespace",
                                 "hotel-reservation", "--out-dir", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    for role, token in (("probe", "probe-token-123"), ("executor", "executor-token-456")):
        path = out / f"{role}.kubeconfig"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        config = yaml.safe_load(path.read_text())
        assert config["users"] == [{"name": f"aoi-{role}", "user": {"token": token}}]
        assert config["contexts"][0]["context"]["namespace"] == "hotel-reservation"
        cluster = config["clusters"][0]["cluster"]
        assert base64.b64decode(cluster["certificate-authority-data"]).startswith(b"-----BEGIN CERTIFICATE")
        assert config["current-context"] == config["contexts"][0]["name"]


def test_kubeconfig_errors():
    with pytest.raises(RBACError, match="token for aoi-probe is empty"):
        kubeconfig(server="https://x", token=" \n", user="aoi-probe", insecure=True)
    with pytest.raises(RBACError, match="exactly one of"):
        kubeconfig(server="https://x", token="t", user="aoi-probe")
    insecure = kubeconfig(server="https://x", token="t", user="aoi-probe", insecure=True)
    assert insecure["clusters"][0]["cluster"]["insecure-skip-tls-verify"] is True
