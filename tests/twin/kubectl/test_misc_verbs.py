"""top, api-resources, version, cluster-info, config, auth, explain."""

from __future__ import annotations

import re

import pytest

from aoi.twin.cluster import Cluster
from aoi.twin.kubectl import KubectlContext, run_kubectl

from .read_fixtures import NS, build_shop, kubectl


@pytest.fixture(scope="module")
def shop() -> Cluster:
    return build_shop()


def test_top_pods_only_reports_running_containers(shop: Cluster):
    lines = kubectl(shop, "top pods").stdout.splitlines()
    assert lines[0].endswith("MEMORY(bytes)   ")  # kubectl top pads the last cell too
    lines = [line.rstrip() for line in lines]
    assert re.split(r"\s{3,}", lines[0]) == ["NAME", "CPU(cores)", "MEMORY(bytes)"]
    names = [line.split()[0] for line in lines[1:]]
    assert any(n.startswith("web-") for n in names) and not any(n.startswith(("stuck-", "pull-")) for n in names)
    assert all(re.fullmatch(r"\S+\s+\d+m\s+\d+Mi", line) for line in lines[1:])
    assert kubectl(shop, "top pods").stdout == kubectl(shop, "top pods").stdout  # deterministic
    containers = kubectl(shop, "top pods --containers -A").stdout.splitlines()
    assert containers[0].split() == ["NAMESPACE", "POD", "NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert any(line.split()[2] == "side" for line in containers[1:])


def test_top_nodes(shop: Cluster):
    lines = kubectl(shop, "top nodes").stdout.splitlines()
    assert lines[0].split() == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
    assert [line.split()[0] for line in lines[1:]] == ["kind-control-plane", "kind-worker"]


def test_api_resources_version_cluster_info(shop: Cluster):
    resources = kubectl(shop, "api-resources").stdout.splitlines()
    assert resources[0].split() == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    assert re.search(r"^deployments\s+deploy\s+apps/v1\s+true\s+Deployment$", "\n".join(resources), re.M)
    assert "nodes" not in kubectl(shop, "api-resources --namespaced=true").stdout
    version = kubectl(shop, "version").stdout
    assert re.fullmatch(r"Client Version: v1\.32\.\d+\nKustomize Version: v5\.\d+\.\d+\nServer Version: v1\.32\.\d+\n",
                        version)
    info = kubectl(shop, "cluster-info").stdout
    assert "Kubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://127.0.0.1:" in info
    assert "CoreDNS" in info and info.endswith("use 'kubectl cluster-info dump'.\n")


def test_config_and_auth(shop: Cluster):
    ctx = KubectlContext(shop, "default")
    assert run_kubectl(ctx, ["kubectl", "config", "current-context"]).stdout == "kind-kind\n"
    changed = run_kubectl(ctx, ["kubectl", "config", "set-context", "--current", f"--namespace={NS}"])
    assert changed.stdout == 'Context "kind-kind" modified.\n' and ctx.default_namespace == NS
    assert run_kubectl(ctx, ["kubectl", "get", "deploy", "web", "-o", "name"]).stdout == "deployment.apps/web\n"
    contexts = run_kubectl(ctx, ["kubectl", "config", "get-contexts"]).stdout.splitlines()
    assert contexts[1].split() == ["*", "kind-kind", "kind-kind", "kind-kind", NS]
    assert "current-context: kind-kind" in run_kubectl(ctx, ["kubectl", "config", "view"]).stdout
    assert kubectl(shop, "auth can-i delete pods").stdout == "yes\n"


def test_explain(shop: Cluster):
    text = kubectl(shop, "explain deployments").stdout
    assert text.startswith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n")
    assert kubectl(shop, "explain widgets").stderr == 'error: the server doesn\'t have a resource type "widgets"\n'
