"""YAML and JSON: the fields that explain behaviour, without metadata noise."""

from __future__ import annotations

import json

from aoi.agents.compressor import RuleCompressor

from .conftest import HOTEL


def test_deployment_yaml_keeps_spec_and_conditions(run):
    ev = run(f"kubectl get deploy geo -n {HOTEL} -o yaml")
    assert ev.kind == "yaml" and ev.summary == f"yaml: Deployment {HOTEL}/geo"
    text = ev.render()
    for needle in ("spec.replicas: 1", "containers[hotel-reserv-geo].image: yinfangchen/hotelreservation:latest",
                   'containers[hotel-reserv-geo].command: ["geo"]', "env: [\"JAEGER_SAMPLE_RATIO=1\"]",
                   "status.condition Available=False MinimumReplicasUnavailable"):  # fmt: skip
        assert needle in text, needle
    for dropped in ("uid", "resourceVersion", "creationTimestamp", "kompose.cmd", "terminationMessagePath"):
        assert dropped not in text, dropped


def test_service_json_keeps_ports_and_selector(run):
    ev = run(f"kubectl get svc geo -n {HOTEL} -o json")
    assert ev.kind == "json"
    assert 'spec.ports: [{"name":"8083","port":8083,"protocol":"TCP","targetPort":8083}]' in ev.details
    assert 'spec.selector: {"io.kompose.service":"geo"}' in ev.details


def test_configmap_values_are_cut_and_lists_stay_bounded(run):
    ev = run(f"kubectl get cm failure-admin-geo -n {HOTEL} -o yaml")
    assert all(d.startswith("data.") and d.endswith("chars)") for d in ev.details)
    big = run(f"kubectl get pods -n {HOTEL} -o yaml")
    assert big.summary == "yaml: list of 19 (Pod)" and big.truncated and big.tokens <= 600


def test_secret_values_are_never_shown():
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "n"},
              "data": {"password": "c2VjcmV0LXBhc3N3b3Jk"}}  # fmt: skip
    ev = RuleCompressor().compress("kubectl get secret s -o json", json.dumps(secret), "", 0)
    assert ev.details == ("data.password: (20 chars)",)


def test_unparsable_yaml_falls_back_to_text():
    ev = RuleCompressor().compress("kubectl get deploy x -o yaml", "apiVersion: v1\n  bad: [\n", "", 0)
    assert ev.kind == "text"
