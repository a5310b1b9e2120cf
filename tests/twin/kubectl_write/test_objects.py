"""`kubectl delete`, `apply`, `replace`, `create`, `label`, `annotate` and `edit`."""

from __future__ import annotations

import pytest

from aoi.twin.kubectl.verbs import VERB_MODULES

from .conftest import NS, pods


@pytest.fixture
def own_modules(monkeypatch):
    """`annotate` and `replace` have their own modules (verbs.py maps them to label/apply until wired)."""
    monkeypatch.setitem(VERB_MODULES, "annotate", "annotate")
    monkeypatch.setitem(VERB_MODULES, "replace", "replace")
    monkeypatch.setitem(VERB_MODULES, "cp", "cp")

MANIFEST = """apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
"""


def test_delete_pod_brings_a_differently_named_replacement(cluster, kubectl):
    [old] = pods(cluster)
    assert kubectl(f"kubectl delete pod {old} -n {NS}").stdout == f'pod "{old}" deleted\n'
    [new] = pods(cluster)
    assert new != old and new.startswith("geo-")


def test_delete_errors_force_and_selectors(cluster, kubectl):
    missing = kubectl(f"kubectl delete pod nope -n {NS}")
    assert missing.stderr == 'Error from server (NotFound): pods "nope" not found\n' and missing.exit_code == 1
    assert kubectl(f"kubectl delete pods -n {NS} -l app=none").stdout == "No resources found\n"
    forced = kubectl(f"kubectl delete pods --all -n {NS} --force --grace-period=0")
    assert forced.stdout.endswith("force deleted\n")
    assert forced.stderr.startswith("Warning: Immediate deletion does not wait for confirmation")
    assert "resource(s) were provided, but no name was specified" in kubectl(f"kubectl delete pods -n {NS}").stderr


def test_delete_deployment_and_namespace(cluster, kubectl):
    assert kubectl(f"kubectl delete deployment geo -n {NS}").stdout == 'deployment.apps "geo" deleted\n'
    assert cluster.list("ReplicaSet", NS) == [] and pods(cluster) == []
    assert kubectl(f"kubectl delete namespace {NS}").stdout == f'namespace "{NS}" deleted\n'
    assert cluster.list("Service", NS) == []
    assert "may not be deleted" in kubectl("kubectl delete ns default").stderr


def test_apply_heredoc_creates_then_is_unchanged_then_configured(cluster, kubectl):
    first = kubectl(f"kubectl apply -n {NS} -f -", MANIFEST)
    assert first.stdout == "configmap/settings created\ndeployment.apps/web created\n"
    assert len(pods(cluster)) == 2
    again = kubectl(f"kubectl apply -n {NS} -f -", MANIFEST)
    assert again.stdout == "configmap/settings unchanged\ndeployment.apps/web unchanged\n"
    changed = kubectl(f"kubectl apply -n {NS} -f -", MANIFEST.replace("nginx:1.25", "nginx:1.26"))
    assert changed.stdout == "configmap/settings unchanged\ndeployment.apps/web configured\n"
    annotations = cluster.get("Deployment", "web", NS)["metadata"]["annotations"]
    assert '"nginx:1.26"' in annotations["kubectl.kubernetes.io/last-applied-configuration"]


def test_apply_errors(kubectl):
    bad = kubectl("kubectl apply -f -", "a: b: c\n")
    assert bad.stderr == ("error: error parsing STDIN: error converting YAML to JSON: yaml: mapping values are not "
                          "allowed in this context\n")
    assert kubectl("kubectl apply -f geo.yaml").stderr == 'error: the path "geo.yaml" does not exist\n'
    assert kubectl("kubectl apply -f -", "").stderr == "error: no objects passed to apply\n"
    mismatch = kubectl("kubectl apply -n other -f -", MANIFEST.replace("name: settings", f"name: s\n  namespace: {NS}"))
    assert "does not match the namespace" in mismatch.stderr
    unknown = kubectl("kubectl apply -f -", "apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n")
    assert 'no matches for kind "Widget" in version "v1"' in unknown.stderr


def test_create_and_replace(cluster, kubectl, own_modules):
    assert kubectl(f"kubectl create -n {NS} -f -", MANIFEST).exit_code == 0
    exists = kubectl(f"kubectl create -n {NS} -f -", MANIFEST)
    assert exists.stderr.startswith('Error from server (AlreadyExists): error when creating "STDIN": '
                                    'configmaps "settings" already exists\n')
    assert kubectl("kubectl create namespace extra").stdout == "namespace/extra created\n"
    assert kubectl("kubectl create namespace extra").stderr == (
        'Error from server (AlreadyExists): namespaces "extra" already exists\n')
    made = kubectl(f"kubectl create configmap c1 -n {NS} --from-literal=a=b")
    assert made.stdout == "configmap/c1 created\n"
    assert cluster.get("ConfigMap", "c1", NS)["data"] == {"a": "b"}
    assert kubectl(f"kubectl create secret generic s1 -n {NS} --from-literal=p=x").stdout == "secret/s1 created\n"
    assert cluster.get("Secret", "s1", NS)["data"] == {"p": "eA=="}
    swapped = kubectl(f"kubectl replace -n {NS} -f -", MANIFEST.replace("fast", "slow"))
    assert swapped.stdout == "configmap/settings replaced\ndeployment.apps/web replaced\n"
    assert cluster.get("ConfigMap", "settings", NS)["data"] == {"mode": "slow"}


def test_label_and_annotate(cluster, kubectl, own_modules):
    assert kubectl(f"kubectl label deployment geo tier=db -n {NS}").stdout == "deployment.apps/geo labeled\n"
    conflict = kubectl(f"kubectl label deployment geo tier=web -n {NS}")
    assert conflict.stderr == "error: 'tier' already has a value (db), and --overwrite is false\n"
    assert kubectl(f"kubectl label deployment geo tier=web --overwrite -n {NS}").exit_code == 0
    assert cluster.get("Deployment", "geo", NS)["metadata"]["labels"]["tier"] == "web"
    assert kubectl(f"kubectl label deployment geo tier- -n {NS}").stdout == "deployment.apps/geo unlabeled\n"
    [pod] = pods(cluster)
    assert kubectl(f"kubectl label pods --all -n {NS} x=y").stdout == f"pod/{pod} labeled\n"
    assert kubectl(f"kubectl annotate deployment geo note=a -n {NS}").stdout == "deployment.apps/geo annotated\n"
    clash = kubectl(f"kubectl annotate deployment geo note=b -n {NS}")
    assert clash.stderr == ("error: --overwrite is false but found the following declared annotation(s): "
                            "'note' already has a value (a)\n")


def test_cp_is_refused(kubectl, own_modules):
    result = kubectl(f"kubectl cp {NS}/geo:/etc/hosts hosts")
    assert result.exit_code == 1 and result.stderr.startswith("error: kubectl cp is not available")


def test_edit_cannot_open_an_editor(kubectl):
    assert kubectl(f"kubectl edit deployment geo -n {NS}").stdout == "Edit cancelled, no changes made.\n"
    assert kubectl(f"kubectl edit deployment nope -n {NS}").exit_code == 1
