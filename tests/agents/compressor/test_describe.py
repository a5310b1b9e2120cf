"""``kubectl describe``: identity, state, failing conditions and Warning events survive."""

from __future__ import annotations

from .conftest import HOTEL


def test_crash_looping_pod_keeps_reason_exit_code_and_backoff(run, geo_pod):
    ev = run(f"kubectl describe pod {geo_pod} -n {HOTEL}")
    text = ev.render()
    assert ev.kind == "describe" and not ev.truncated
    for needle in ("Name:             " + geo_pod, "Reason:       CrashLoopBackOff", "Exit Code:    1",
                   "Restart Count:  0", "Image:         yinfangchen/hotelreservation:latest", "Warning  BackOff",
                   "Ready                       False", "Node-Selectors:"):  # fmt: skip
        assert needle in text, needle
    for dropped in ("Annotations", "kube-api-access", "Tolerations", "Container ID", "Projected"):
        assert dropped not in text, dropped
    assert "1 Warning event(s), 2 failing condition(s), a container Waiting" in ev.summary
    assert "Normal (Created 1, Pulled 1, Scheduled 1, Started 1)" in text


def test_service_keeps_ports_and_missing_endpoints(run):
    ev = run(f"kubectl describe svc geo -n {HOTEL}")
    text = ev.render()
    # kubectl 1.32 reads EndpointSlices: a Service whose only endpoint is unready shows an empty cell
    for needle in ("Selector:", "Port:                     8083  8083/TCP", "TargetPort:               8083/TCP",
                   "Endpoints:                \n"):  # fmt: skip
        assert needle in text
    assert "no endpoints" in ev.summary and "IP Family Policy" not in text


def test_deployment_keeps_replicas_and_failing_condition(run):
    ev = run(f"kubectl describe deploy geo -n {HOTEL}")
    text = ev.render()
    assert "0 available | 1 unavailable" in text and "Available      False   MinimumReplicasUnavailable" in text
    assert "Progressing" not in text


def test_many_pods_name_the_healthy_and_keep_the_sick(run, geo_pod):
    ev = run(f"kubectl describe pods -n {HOTEL}")
    assert ev.summary == "described 19 objects: 1 with problems, 18 without:"
    assert ev.details[0].startswith("without problems: consul-")
    assert f"Name:             {geo_pod}" in ev.details
    assert ev.tokens <= 600
