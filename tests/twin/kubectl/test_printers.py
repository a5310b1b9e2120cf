"""Printer units: Go tabwriter alignment, pod STATUS/RESTARTS, table columns, YAML/JSON output."""

from __future__ import annotations

import json

import pytest
import yaml

from aoi.twin.clock import rfc3339
from aoi.twin.kubectl.printers.json_yaml import as_list, to_json, to_yaml
from aoi.twin.kubectl.printers.pods import pod_cells, pod_wide_cells
from aoi.twin.kubectl.printers.tables import TABLES, format_endpoints, spec_for
from aoi.twin.kubectl.printers.tabwriter import align, table

NOW = 3600.0


def test_table_pads_all_but_last_column_with_three_spaces_and_min_width_six():
    text = table([["NAME", "A", "AGE"], ["web-1", "x", "5s"]])
    assert text == "NAME    A     AGE\nweb-1   x     5s\n"


def test_align_reproduces_real_describe_of_a_pending_pod():
    # The tab-separated stream kubectl's describer writes for the pending pod recorded in
    # reference/real-outputs (claudecode fixture), and what real kubectl printed for it.
    stream = (
        "Name:\trecommendation-74fd485779-mlzfx\nNamespace:\thotel-reservation\nPriority:\t0\n"
        "Service Account:\tdefault\nNode:\t<none>\nLabels:\tio.kompose.service=recommendation\n"
        "\tpod-template-hash=74fd485779\nStatus:\tPending\nIP:\t\nIPs:\t<none>\n"
        "Controlled By:\tReplicaSet/recommendation-74fd485779\nContainers:\n"
        "  hotel-reserv-recommendation:\n    Image:\tyinfangchen/hotelreservation:latest\n"
        "    Port:\t8085/TCP\n    Host Port:\t9100/TCP\n    Command:\n      recommendation\n"
        "    Limits:\n      cpu:\t1\n    Requests:\n      cpu:\t100m\n    Environment:\n"
        "      JAEGER_SAMPLE_RATIO:\t1\n    Mounts:\n"
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-sqng5 (ro)\n"
        "Conditions:\n  Type\tStatus\n  PodScheduled \tFalse \nVolumes:\n  kube-api-access-sqng5:\n"
        "    Type:\tProjected (a volume that contains injected data from multiple sources)\n"
        "    TokenExpirationSeconds:\t3607\n    ConfigMapName:\tkube-root-ca.crt\n    Optional:\tfalse\n"
        "    DownwardAPI:\ttrue\nQoS Class:\tBurstable\nNode-Selectors:\t<none>\n"
        "Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
        "\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
    )
    expected = """\
Name:             recommendation-74fd485779-mlzfx
Namespace:        hotel-reservation
Priority:         0
Service Account:  default
Node:             <none>
Labels:           io.kompose.service=recommendation
                  pod-template-hash=74fd485779
Status:           Pending
IP:              \x20
IPs:              <none>
Controlled By:    ReplicaSet/recommendation-74fd485779
Containers:
  hotel-reserv-recommendation:
    Image:      yinfangchen/hotelreservation:latest
    Port:       8085/TCP
    Host Port:  9100/TCP
    Command:
      recommendation
    Limits:
      cpu:  1
    Requests:
      cpu:  100m
    Environment:
      JAEGER_SAMPLE_RATIO:  1
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-sqng5 (ro)
Conditions:
  Type           Status
  PodScheduled   False\x20
Volumes:
  kube-api-access-sqng5:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
"""
    assert align(stream) == expected


def _pod(statuses: list[dict], phase: str = "Running", **extra: object) -> dict:
    pod = {
        "metadata": {"name": "p", "creationTimestamp": rfc3339(0)},
        "spec": {"containers": [{"name": s["name"]} for s in statuses]},
        "status": {"phase": phase, "containerStatuses": statuses,
                   "conditions": [{"type": "Ready", "status": "True" if phase == "Running" else "False"}]},
    }
    pod["status"].update(extra)
    return pod


def _waiting(reason: str, restarts: int = 0, finished: float | None = None) -> dict:
    status = {"name": "c", "ready": False, "restartCount": restarts, "state": {"waiting": {"reason": reason}},
              "lastState": {}}
    if finished is not None:
        status["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": rfc3339(finished)}}
    return status


@pytest.mark.parametrize(("status", "expected"), [
    (_waiting("CrashLoopBackOff", 5, finished=NOW - 120), ["p", "0/1", "CrashLoopBackOff", "5 (2m ago)", "60m"]),
    (_waiting("ContainerCreating"), ["p", "0/1", "ContainerCreating", "0", "60m"]),
    (_waiting("ImagePullBackOff"), ["p", "0/1", "ImagePullBackOff", "0", "60m"]),
    ({"name": "c", "ready": True, "restartCount": 0, "state": {"running": {"startedAt": rfc3339(0)}}},
     ["p", "1/1", "Running", "0", "60m"]),
    ({"name": "c", "ready": False, "restartCount": 0,
      "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}, ["p", "0/1", "Completed", "0", "60m"]),
    ({"name": "c", "ready": False, "restartCount": 0, "state": {"terminated": {"exitCode": 137}}},
     ["p", "0/1", "ExitCode:137", "0", "60m"]),
])
def test_pod_status_column(status: dict, expected: list[str]):
    assert pod_cells(_pod([status]), NOW) == expected


def test_pending_pod_without_statuses_and_terminating_pod():
    pending = {"metadata": {"name": "p", "creationTimestamp": rfc3339(NOW - 5)},
               "spec": {"containers": [{"name": "a"}, {"name": "b"}]}, "status": {"phase": "Pending"}}
    assert pod_cells(pending, NOW) == ["p", "0/2", "Pending", "0", "5s"]
    assert pod_wide_cells(pending, NOW) == ["<none>", "<none>", "<none>", "<none>"]
    running = _pod([{"name": "c", "ready": True, "restartCount": 0, "state": {"running": {}}}])
    running["metadata"]["deletionTimestamp"] = rfc3339(NOW)
    assert pod_cells(running, NOW)[2] == "Terminating"


def test_init_container_statuses():
    pod = _pod([_waiting("PodInitializing")], phase="Pending")
    pod["spec"]["initContainers"] = [{"name": "init"}]
    pod["status"]["initContainerStatuses"] = [_waiting("CrashLoopBackOff")]
    assert pod_cells(pod, NOW)[2] == "Init:CrashLoopBackOff"
    pod["status"]["initContainerStatuses"] = [{"name": "init", "restartCount": 0, "state": {"running": {}}}]
    assert pod_cells(pod, NOW)[2] == "Init:0/1"


def test_endpoints_column_shows_three_then_counts_the_rest():
    ep = {"subsets": [{"addresses": [{"ip": f"10.244.1.{i}"} for i in range(5)], "ports": [{"port": 80}]}]}
    assert format_endpoints(ep) == "10.244.1.0:80,10.244.1.1:80,10.244.1.2:80 + 2 more..."
    assert format_endpoints({}) == "<none>"


@pytest.mark.parametrize(("kind", "headers"), [
    ("Pod", "NAME READY STATUS RESTARTS AGE"),
    ("Deployment", "NAME READY UP-TO-DATE AVAILABLE AGE"),
    ("ReplicaSet", "NAME DESIRED CURRENT READY AGE"),
    ("Service", "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE"),
    ("Endpoints", "NAME ENDPOINTS AGE"),
    ("ConfigMap", "NAME DATA AGE"),
    ("Secret", "NAME TYPE DATA AGE"),
    ("PersistentVolume", "NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS "
                         "VOLUMEATTRIBUTESCLASS REASON AGE"),
    ("PersistentVolumeClaim", "NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE"),
    ("Node", "NAME STATUS ROLES AGE VERSION"),
    ("Event", "LAST SEEN TYPE REASON OBJECT MESSAGE"),
    ("Namespace", "NAME STATUS AGE"),
    ("ServiceAccount", "NAME SECRETS AGE"),
    ("StatefulSet", "NAME READY AGE"),
    ("DaemonSet", "NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE"),
    ("Job", "NAME STATUS COMPLETIONS DURATION AGE"),
    ("StorageClass", "NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE"),
    ("NetworkPolicy", "NAME POD-SELECTOR AGE"),
    ("PodChaos", "NAME AGE"),
])
def test_table_headers_match_kubectl(kind: str, headers: str):
    assert " ".join(spec_for(kind).headers) == headers


def test_wide_columns():
    assert TABLES["Pod"].wide_headers == ("IP", "NODE", "NOMINATED NODE", "READINESS GATES")
    assert TABLES["Deployment"].wide_headers == ("CONTAINERS", "IMAGES", "SELECTOR")
    assert TABLES["Service"].wide_headers == ("SELECTOR",)
    assert TABLES["Node"].wide_headers == ("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION",
                                           "CONTAINER-RUNTIME")


def test_service_ports_and_external_ip():
    svc = {"metadata": {"name": "jaeger", "creationTimestamp": rfc3339(0)},
           "spec": {"type": "NodePort", "clusterIP": "10.96.0.9",
                    "ports": [{"port": 16686, "nodePort": 31234, "protocol": "TCP"},
                              {"port": 5775, "protocol": "UDP"}]}}
    assert TABLES["Service"].cells(svc, NOW) == ["jaeger", "NodePort", "10.96.0.9", "<none>",
                                                 "16686:31234/TCP,5775/UDP", "60m"]
    svc["spec"] = {"type": "ExternalName", "externalName": "db.example.com"}
    assert TABLES["Service"].cells(svc, NOW)[2:5] == ["<none>", "db.example.com", "<none>"]


def test_yaml_quotes_like_go_yaml():
    data = {"y": "y", "sci": "1e3", "octal": "0o17", "eq": "=", "hash": "#x", "tab": "a\tb", "gap": "trail \nx"}
    text = to_yaml({"data": data})
    assert '"y": "y"' in text and 'sci: "1e3"' in text and 'octal: "0o17"' in text
    assert "eq: =" in text and "hash: '#x'" in text and 'tab: "a\\tb"' in text and 'gap: "trail \\nx"' in text


def test_yaml_is_kubectl_style_and_round_trips():
    obj = {"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "x", "creationTimestamp": "2026-03-02T09:00:00Z", "resourceVersion": ""},
           "data": {"port": "8080", "flag": "true", "script": "line1\nline2\n", "text": "a: b"},
           "list": [{"k": 1}]}
    text = to_yaml(obj)
    assert yaml.safe_load(text) == obj
    # go-yaml double-quotes what would read back as another type, single-quotes what cannot be plain
    assert 'port: "8080"' in text and 'flag: "true"' in text and "text: 'a: b'" in text
    assert "script: |\n    line1\n    line2\n" in text
    assert 'creationTimestamp: "2026-03-02T09:00:00Z"' in text and 'resourceVersion: ""' in text
    assert "list:\n- k: 1\n" in text  # list items are not indented under their key
    assert text.index("apiVersion") < text.index("data") < text.index("kind") < text.index("metadata")


def test_json_and_list_wrapping():
    items = [{"kind": "Pod", "metadata": {"name": "a"}}]
    wrapped = as_list(items)
    assert wrapped["kind"] == "List" and wrapped["items"] == items
    assert wrapped["metadata"] == {"resourceVersion": ""}
    text = to_json(wrapped)
    assert json.loads(text) == wrapped and text.startswith('{\n    "apiVersion": "v1",')


def test_endpoints_with_only_not_ready_addresses_print_none():
    from aoi.twin.kubectl.printers.tables import format_endpoints

    obj = {"subsets": [{"notReadyAddresses": [{"ip": "10.244.1.9"}], "ports": [{"port": 8083}]}]}
    assert format_endpoints(obj) == "<none>"
