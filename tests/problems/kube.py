"""Builders for the small Kubernetes object dicts the oracle tests feed through a SnapshotReader."""

from __future__ import annotations

import json

from aoi.problems import SnapshotReader

SN = "test-social-network"
HR = "test-hotel-reservation"
AS = "astronomy-shop"


def container(
    name: str = "main", *, ready: bool = True, waiting: str | None = None, terminated: str | None = None
) -> dict:
    if waiting:
        state = {"waiting": {"reason": waiting}}
    elif terminated:
        state = {"terminated": {"reason": terminated, "exitCode": 0 if terminated == "Completed" else 1}}
    else:
        state = {"running": {"startedAt": "2025-01-01T00:00:00Z"}}
    return {"name": name, "ready": ready, "state": state}


def pod(name: str, namespace: str, *containers: dict, phase: str = "Running") -> dict:
    """A pod; without containers it has no containerStatuses at all, like an unscheduled Pending pod."""
    status: dict = {"phase": phase}
    if containers:
        status["containerStatuses"] = list(containers)
    return {"kind": "Pod", "metadata": {"name": name, "namespace": namespace}, "status": status}


def healthy_pod(name: str, namespace: str) -> dict:
    return pod(name, namespace, container())


def deployment(
    name: str,
    namespace: str,
    *,
    replicas: int = 1,
    available: int | None = 1,
    containers: list[dict] | None = None,
    node_selector: dict | None = None,
) -> dict:
    pod_spec: dict = {"containers": containers or [{"name": name, "image": f"example/{name}:latest"}]}
    if node_selector:
        pod_spec["nodeSelector"] = node_selector
    status = {} if available is None else {"availableReplicas": available}
    return {
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"replicas": replicas, "template": {"spec": pod_spec}},
        "status": status,
    }


def service(name: str, namespace: str, *target_ports: int | str) -> dict:
    ports = [{"name": str(i), "port": 9090, "targetPort": target} for i, target in enumerate(target_ports)]
    return {"kind": "Service", "metadata": {"name": name, "namespace": namespace}, "spec": {"ports": ports}}


def node(name: str) -> dict:
    return {"kind": "Node", "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}}}


def flagd_configmap(flag: str, variant: str) -> dict:
    flags = {flag: {"state": "ENABLED", "variants": {"on": True, "off": False}, "defaultVariant": variant}}
    return {
        "kind": "ConfigMap",
        "metadata": {"name": "flagd-config", "namespace": AS},
        "data": {"demo.flagd.json": json.dumps({"flags": flags})},
    }


def app(namespace: str, *names: str) -> list[dict]:
    """A healthy app: one Deployment with one available replica and one Ready pod per name."""
    objects: list[dict] = []
    for name in names:
        objects += [deployment(name, namespace), healthy_pod(f"{name}-7d4b9c-x1", namespace)]
    return objects


def reader(*objects: dict | list[dict], on_wait=None) -> SnapshotReader:
    flat: list[dict] = []
    for item in objects:
        flat += item if isinstance(item, list) else [item]
    return SnapshotReader(flat, on_wait=on_wait)
