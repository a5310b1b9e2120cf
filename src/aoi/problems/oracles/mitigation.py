"""Mitigation oracles: AIOpsLab's per-problem state checks, and AOI's strict checks beside them.

The AIOpsLab check for each fault type (aiopslab.md §2.5), quirks kept:

==============================  ==========================================================================
fault type                      state required for ``success``
==============================  ==========================================================================
misconfig_k8s                   Service ``ports[0].targetPort == 9090`` and pods healthy (guarded)
auth_miss_mongodb, revoke_auth, pods healthy (unguarded: a pod without container statuses makes
storage_user_unregistered,      AIOpsLab's eval raise TypeError; recorded under ``oracle_error``)
redeploy_without_pv
misconfig_app                   every pod Ready or Succeeded, polled every 5 s for up to 60 s
scale_pods_to_zero              pods healthy (unguarded), Deployment replicas == 1 and availableReplicas == 1
assign_to_non_existent_node     some pod name contains the service, pods healthy (guarded: blind to the
                                Pending pod the fault leaves behind)
wrong_bin_usage                 pods healthy (unguarded, image/crash reasons) and every container of
                                Deployment ``profile`` has "profile" in its command
flagd faults (kafka)            pods healthy (guarded: blind to the flag, which crashes nothing)
==============================  ==========================================================================

Strict mode adds, for every problem: pods without container statuses are unhealthy, the
namespace has Deployments and each has all replicas available, and the faulty Deployment still
exists with at least one replica available (deleting the broken service is not a fix). Per fault type it also checks the
fault itself is gone: every Service port back on 9090, the nodeSelector matches a real Node with a
Running and Ready pod, the flag back to ``off``, the bad image or command gone, PVCs Bound.
Strict checks run after the AIOpsLab check, on the state it left (after any polling).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ..models import Injector, Problem
from .pod_health import (
    IMAGE_AND_CRASH_REASONS,
    OracleError,
    aiopslab_unhealthy,
    all_pods_ready,
    name_of,
    strict_unhealthy_deployments,
    strict_unhealthy_pods,
)
from .reader import ClusterReader
from .verdict import Evaluation, StrictVerdict

__all__ = ["evaluate_mitigation"]

#: misconfig_app's readiness polling (AIOpsLab: ``wait_for_ready(ns, sleep=5, max_wait=60)``).
POLL_SECONDS = 5
POLL_LIMIT_SECONDS = 60

AiopslabCheck = Callable[[Problem, ClusterReader], bool]
StrictCheck = Callable[[Problem, ClusterReader], list[str]]


def _pods(problem: Problem, reader: ClusterReader) -> list[dict]:
    return reader.list("Pod", problem.namespace)


def _require(reader: ClusterReader, kind: str, name: str | None, namespace: str) -> dict:
    found = reader.find(kind, name, namespace) if name else None
    if found is None:
        raise OracleError(f"NotFound: {kind} {name!r} in namespace {namespace!r}")
    return found


def _containers(deployment: dict) -> list[dict]:
    return (((deployment.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers") or []


# --- AIOpsLab checks -------------------------------------------------------------------------------


def _healthy(guarded: bool) -> AiopslabCheck:
    def check(problem: Problem, reader: ClusterReader) -> bool:
        return not aiopslab_unhealthy(_pods(problem, reader), guarded=guarded)

    return check


def _target_port(problem: Problem, reader: ClusterReader) -> bool:
    service = _require(reader, "Service", problem.fault.target, problem.namespace)
    ports = (service.get("spec") or {}).get("ports") or []
    if not ports:
        raise OracleError(f"IndexError: list index out of range (Service {name_of(service)} has no ports)")
    port_fixed = ports[0].get("targetPort") == problem.fault.params["from_target_port"]
    return port_fixed and _healthy(guarded=True)(problem, reader)


def _ready_within_a_minute(problem: Problem, reader: ClusterReader) -> bool:
    waited = 0
    while waited < POLL_LIMIT_SECONDS:
        if all_pods_ready(_pods(problem, reader)):
            return True
        reader.wait(POLL_SECONDS)
        waited += POLL_SECONDS
    return False


def _scaled_back(problem: Problem, reader: ClusterReader) -> bool:
    # The pod loop runs first, so an unscheduled pod raises even when the replica counts are wrong.
    pods_ok = _healthy(guarded=False)(problem, reader)
    deployment = _require(reader, "Deployment", problem.fault.target, problem.namespace)
    want = problem.fault.params["recovery_replicas"]
    desired = (deployment.get("spec") or {}).get("replicas")
    available = (deployment.get("status") or {}).get("availableReplicas")
    return pods_ok and desired == want and available == want


def _rescheduled(problem: Problem, reader: ClusterReader) -> bool:
    pods = _pods(problem, reader)
    target = problem.fault.target or ""
    has_pod = any(target in name_of(pod) for pod in pods)
    return has_pod and not aiopslab_unhealthy(pods, guarded=True)


def _right_binary(problem: Problem, reader: ClusterReader) -> bool:
    pods_ok = not aiopslab_unhealthy(
        _pods(problem, reader), guarded=False, bad_waiting=IMAGE_AND_CRASH_REASONS
    )
    deployment = _require(reader, "Deployment", problem.fault.params["deployment"], problem.namespace)
    binary = problem.fault.params["from_command"][0]
    for container in _containers(deployment):
        command = container.get("command")
        if command is None:
            raise OracleError(
                "TypeError: argument of type 'NoneType' is not iterable "
                f"(container {container.get('name', '?')} has no command)"
            )
        if binary not in command:
            return False
    return pods_ok


# --- strict checks (beyond the common pod, deployment and target checks) ---------------------------


def _no_extra(problem: Problem, reader: ClusterReader) -> list[str]:
    return []


def _all_ports_fixed(problem: Problem, reader: ClusterReader) -> list[str]:
    service = reader.find("Service", problem.fault.target or "", problem.namespace)
    if service is None:
        return [f"service {problem.fault.target} does not exist"]
    want = problem.fault.params["from_target_port"]
    ports = (service.get("spec") or {}).get("ports") or []
    if not ports:
        return [f"service {name_of(service)} has no ports"]
    return [
        f"service {name_of(service)} port {port.get('name') or port.get('port')} has targetPort "
        f"{port.get('targetPort')!r}, expected {want}"
        for port in ports
        if port.get("targetPort") != want
    ]


def _node_matches(node: dict, selector: dict[str, str]) -> bool:
    labels = dict(node.get("metadata", {}).get("labels") or {})
    # kubelet always labels a node with its own hostname; tolerate readers that omit the label.
    labels.setdefault("kubernetes.io/hostname", name_of(node))
    return all(labels.get(key) == value for key, value in selector.items())


def _running_and_ready(pod: dict) -> bool:
    status = pod.get("status") or {}
    containers = status.get("containerStatuses") or []
    return status.get("phase") == "Running" and bool(containers) and all(c.get("ready") for c in containers)


def _schedulable(problem: Problem, reader: ClusterReader) -> list[str]:
    target, found = problem.fault.target or "", []
    if not any(
        name_of(pod).startswith(f"{target}-") and _running_and_ready(pod) for pod in _pods(problem, reader)
    ):
        found.append(f"no Running and Ready {target} pod")
    deployment = reader.find("Deployment", target, problem.namespace)
    pod_spec = (((deployment or {}).get("spec") or {}).get("template") or {}).get("spec") or {}
    selector = pod_spec.get("nodeSelector") or {}
    nodes = reader.list("Node")
    if selector and not any(_node_matches(node, selector) for node in nodes):
        pairs = ", ".join(f"{key}={value}" for key, value in selector.items())
        found.append(f"deployment {target} has nodeSelector {pairs}, which no existing node matches")
    return found


def _flag_off(problem: Problem, reader: ClusterReader) -> list[str]:
    params = problem.fault.params
    flag, off = params["flag"], params["recovery_variant"]
    configmap = reader.find("ConfigMap", params["configmap"], problem.namespace)
    if configmap is None:
        return [f"configmap {params['configmap']} does not exist"]
    try:
        flags = json.loads((configmap.get("data") or {})[params["key"]])["flags"]
        variant = flags[flag]["defaultVariant"]
    except (KeyError, TypeError, ValueError) as error:
        return [f"configmap {params['configmap']} key {params['key']} has no readable flag {flag}: {error!r}"]
    return [] if variant == off else [f"flag {flag} has defaultVariant {variant!r}, expected {off!r}"]


def _image_restored(problem: Problem, reader: ClusterReader) -> list[str]:
    params = problem.fault.params
    deployment = reader.find("Deployment", params["deployment"], problem.namespace) or {}
    return [
        f"deployment {params['deployment']} container {c.get('name')} still runs image {c.get('image')}"
        for c in _containers(deployment)
        if c.get("name") == params["container"] and c.get("image") == params["image"]
    ]


def _command_restored(problem: Problem, reader: ClusterReader) -> list[str]:
    params = problem.fault.params
    deployment = reader.find("Deployment", params["deployment"], problem.namespace) or {}
    binary = params["from_command"][0]
    return [
        f"deployment {params['deployment']} container {c.get('name')} runs command {c.get('command')!r}"
        for c in _containers(deployment)
        if binary not in (c.get("command") or [])
    ]


def _tls_not_required(problem: Problem, reader: ClusterReader) -> list[str]:
    """auth_miss leaves every pod Running (the client retries forever), so read the config itself:
    the chart renders each MongoDB's mongod.conf into a ConfigMap named after it."""
    required = problem.fault.params["tls_mode"]
    configmap = reader.find("ConfigMap", problem.fault.target, problem.namespace) or {}
    conf = (configmap.get("data") or {}).get("mongod.conf", "")
    if f"mode: {required}" in conf:
        return [f"{problem.fault.target}'s mongod.conf still sets tls mode {required}"]
    return []


def _claims_bound(problem: Problem, reader: ClusterReader) -> list[str]:
    return [
        f"persistentvolumeclaim {name_of(claim)} is {(claim.get('status') or {}).get('phase', 'Pending')}"
        for claim in reader.list("PersistentVolumeClaim", problem.namespace)
        if (claim.get("status") or {}).get("phase") != "Bound"
    ]


def _common_strict(problem: Problem, reader: ClusterReader) -> list[str]:
    found = strict_unhealthy_pods(_pods(problem, reader))
    deployments = reader.list("Deployment", problem.namespace)
    if not deployments:
        # An empty namespace passes every "all pods healthy" loop; deleting the app is not a fix.
        found.append(f"namespace {problem.namespace} has no deployments")
    found += strict_unhealthy_deployments(deployments)
    target = problem.fault.target
    if target:
        deployment = reader.find("Deployment", target, problem.namespace)
        if deployment is None:
            found.append(f"deployment {target} no longer exists")
        elif not (deployment.get("status") or {}).get("availableReplicas"):
            found.append(f"deployment {target} has no available replica")
    return found


# --- dispatch ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Oracle:
    aiopslab: AiopslabCheck
    strict: StrictCheck


_BY_FAULT_TYPE: dict[str, _Oracle] = {
    "misconfig_k8s": _Oracle(_target_port, _all_ports_fixed),
    "auth_miss_mongodb": _Oracle(_healthy(guarded=False), _tls_not_required),
    "revoke_auth": _Oracle(_healthy(guarded=False), _no_extra),
    "storage_user_unregistered": _Oracle(_healthy(guarded=False), _no_extra),
    "redeploy_without_pv": _Oracle(_healthy(guarded=False), _claims_bound),
    "misconfig_app": _Oracle(_ready_within_a_minute, _image_restored),
    "scale_pods_to_zero": _Oracle(_scaled_back, _no_extra),
    "assign_to_non_existent_node": _Oracle(_rescheduled, _schedulable),
    "wrong_bin_usage": _Oracle(_right_binary, _command_restored),
}
_FLAGD = _Oracle(_healthy(guarded=True), _flag_off)


def _oracle_for(problem: Problem) -> _Oracle:
    if problem.fault.injector is Injector.FLAGD:
        return _FLAGD
    try:
        return _BY_FAULT_TYPE[problem.fault.fault_type]
    except KeyError:
        raise ValueError(
            f"{problem.id}: no mitigation oracle for fault type {problem.fault.fault_type!r}; "
            f"known: {', '.join(sorted(_BY_FAULT_TYPE))} and flagd faults"
        ) from None


def evaluate_mitigation(problem: Problem, reader: ClusterReader) -> Evaluation:
    """Score the cluster state `reader` shows; the submitted solution plays no part in mitigation."""
    oracle = _oracle_for(problem)
    try:
        results: dict = {"success": bool(oracle.aiopslab(problem, reader))}
    except OracleError as error:
        results = {"success": False, "oracle_error": str(error)}
    reasons = _common_strict(problem, reader) + oracle.strict(problem, reader)
    return Evaluation(results=results, strict=StrictVerdict.from_reasons(reasons))
