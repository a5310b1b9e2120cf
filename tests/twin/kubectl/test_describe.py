"""``kubectl describe``: layouts per kind, prefix matching and errors."""

from __future__ import annotations

import re

import pytest

from aoi.twin.cluster import Cluster

from .read_fixtures import NS, build_shop, kubectl, pod_named


@pytest.fixture(scope="module")
def shop() -> Cluster:
    return build_shop()


def _labels(text: str) -> list[str]:
    return [line.split(":")[0] for line in text.splitlines() if re.match(r"^[A-Z][\w -]*:", line)]


def test_describe_crashing_pod(shop: Cluster):
    name = pod_named(shop, "crash")["metadata"]["name"]
    text = kubectl(shop, f"describe pod {name}").stdout
    assert _labels(text) == ["Name", "Namespace", "Priority", "Service Account", "Node", "Start Time", "Labels",
                             "Annotations", "Status", "IP", "IPs", "Controlled By", "Containers", "Conditions",
                             "Volumes", "QoS Class", "Node-Selectors", "Tolerations", "Events"]
    assert text.startswith(f"Name:             {name}\nNamespace:        {NS}\nPriority:         0\n")
    assert "Node:             kind-worker/172.18.0.2\n" in text
    assert re.search(r"Controlled By:  ReplicaSet/crash-\w+\n", text)
    assert re.search(
        r"    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
        r"    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n"
        r"      Started:      \w{3}, \d\d \w{3} 2026 \d\d:\d\d:\d\d \+0000\n"
        r"      Finished:     \w{3}, \d\d \w{3} 2026 \d\d:\d\d:\d\d \+0000\n"
        r"    Ready:          False\n    Restart Count:  \d+\n", text)
    assert "    Limits:\n      cpu:  1\n    Requests:\n      cpu:     100m\n      memory:  64Mi\n" in text
    assert "    Environment:\n      MODE:  prod\n" in text
    assert "QoS Class:                   Burstable\n" in text
    events = text[text.index("Events:"):].splitlines()
    assert re.split(r"\s{2,}", events[1].strip()) == ["Type", "Reason", "Age", "From", "Message"]
    assert any(re.match(r"  Warning  BackOff +\d+s \(x\d+ over \d+s\)  kubelet +Back-off restarting", line)
               for line in events)


def test_describe_pending_pod_matches_real_layout(shop: Cluster):
    text = kubectl(shop, "describe pod stuck").stdout  # a name prefix, as kubectl allows
    assert "Node:             <none>\n" in text
    assert "Status:           Pending\nIP:               \nIPs:              <none>\n" in text
    assert "Conditions:\n  Type           Status\n  PodScheduled   False \n" in text
    assert "Node-Selectors:              disk=ssd\n" in text
    assert "FailedScheduling" in text and "didn't match Pod's node affinity/selector" in text
    assert "Start Time" not in text and "State:" not in text


def test_describe_deployment(shop: Cluster):
    text = kubectl(shop, "describe deployment web").stdout
    assert _labels(text) == ["Name", "Namespace", "CreationTimestamp", "Labels", "Annotations", "Selector",
                             "Replicas", "StrategyType", "MinReadySeconds", "RollingUpdateStrategy", "Pod Template",
                             "Conditions", "OldReplicaSets", "NewReplicaSet", "Events"]
    assert "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n" in text
    assert "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n" in text
    assert "  Containers:\n   web:\n    Image:      shop/web:1.0\n" in text
    assert re.search(r"NewReplicaSet:   web-\w+ \(2/2 replicas created\)\n", text)
    assert "OldReplicaSets:  <none>\n" in text
    assert re.search(r"  Normal  ScalingReplicaSet  \d+s   deployment-controller  Scaled up replica set web-", text)


def test_describe_replicaset_service_endpoints(shop: Cluster):
    rs = kubectl(shop, "describe rs web").stdout
    assert "Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n" in rs
    assert "Controlled By:  Deployment/web\n" in rs
    svc = kubectl(shop, "describe svc web").stdout
    assert "Port:                     http  80/TCP\nTargetPort:               8080/TCP\n" in svc
    assert re.search(r"Endpoints:                10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080\n", svc)
    assert "Internal Traffic Policy:  Cluster\nEvents:                   <none>\n" in svc
    ep = kubectl(shop, "describe endpoints web").stdout
    assert "  Ports:\n    Name  Port  Protocol\n    ----  ----  --------\n    http  8080  TCP\n" in ep


def test_describe_config_and_storage(shop: Cluster):
    cm = kubectl(shop, "describe cm settings").stdout
    # each value, then a newline, then an empty line (kubectl 1.32's ConfigMap describer)
    assert "\nData\n====\na.conf:\n----\nx=1\n\n\nb.conf:\n----\ny=2\n\n\n\nBinaryData\n====\n" in cm
    secret = kubectl(shop, "describe secret db").stdout
    assert secret.endswith("\nType:  Opaque\n\nData\n====\npassword:  8 bytes\n")
    pvc = kubectl(shop, "describe pvc data").stdout
    assert "StorageClass:  manual\nStatus:        Bound\nVolume:        data-pv\n" in pvc
    pv = kubectl(shop, "describe pv data-pv").stdout
    assert "Claim:           shop/data\nReclaim Policy:  Retain\n" in pv
    assert "Source:\n    Type:          HostPath (bare host directory volume)\n    Path:          /data\n" in pv
    ns = kubectl(shop, "describe ns shop").stdout
    assert ns.endswith("Status:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n")


def test_describe_node(shop: Cluster):
    text = kubectl(shop, "describe node kind-worker").stdout
    assert text.startswith("Name:               kind-worker\nRoles:              <none>\n")
    assert re.search(r"Non-terminated Pods:\s+\(\d+ in total\)\n", text)
    assert "  (Total limits may be over 100 percent, i.e., overcommitted.)\n" in text


def test_describe_all_of_a_type_and_errors(shop: Cluster):
    every = kubectl(shop, "describe deploy").stdout
    assert every.count("\nNewReplicaSet:") == len(shop.list("Deployment", NS))
    assert "\n\n\nName:" in every  # objects are separated by two blank lines
    missing = kubectl(shop, "describe pod nothing")
    assert (missing.exit_code, missing.stderr) == (1, 'Error from server (NotFound): pods "nothing" not found\n')
    bare = kubectl(shop, "describe")
    assert bare.stderr.startswith("error: You must specify the type of resource to describe.")
    assert kubectl(shop, "describe pods -n default").stderr == "No resources found in default namespace.\n"
