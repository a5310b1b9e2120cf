"""Builders for the Kubernetes objects the apps are made of, as fresh API-shaped dicts.

Every app module describes its manifests through these helpers, so the shape of a Deployment,
Service, PV or ConfigMap is written once. They return only what a manifest would carry; the
twin's API server adds the defaulted fields (imagePullPolicy, strategy, protocol, ...) on create.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

Labels = Mapping[str, str]


def namespace(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def port(number: int, *, target: int | str | None = None, name: str | None = None,
         protocol: str | None = None, node_port: int | None = None) -> dict:
    """One Service port; ``target`` defaults to ``number`` as the API server would."""
    out: dict = {}
    if name is not None:
        out["name"] = name
    out["port"] = number
    if protocol is not None:
        out["protocol"] = protocol
    out["targetPort"] = number if target is None else target
    if node_port is not None:
        out["nodePort"] = node_port
    return out


def container_port(number: int, *, name: str | None = None, protocol: str | None = None) -> dict:
    out: dict = {"containerPort": number}
    if name is not None:
        out["name"] = name
    if protocol is not None:
        out["protocol"] = protocol
    return out


def env_list(values: Mapping[str, str]) -> list[dict]:
    return [{"name": key, "value": value} for key, value in values.items()]


def container(
    name: str,
    image: str,
    *,
    ports: Sequence[dict] = (),
    command: Sequence[str] | None = None,
    args: Sequence[str] | None = None,
    env: Sequence[dict] | None = None,
    resources: dict | None = None,
    volume_mounts: Sequence[dict] | None = None,
    image_pull_policy: str | None = None,
) -> dict:
    out: dict = {"name": name, "image": image}
    if command is not None:
        out["command"] = list(command)
    if args is not None:
        out["args"] = list(args)
    if env:
        out["env"] = [dict(item) for item in env]
    if image_pull_policy is not None:
        out["imagePullPolicy"] = image_pull_policy
    if ports:
        out["ports"] = [dict(p) for p in ports]
    if resources is not None:
        out["resources"] = resources
    if volume_mounts:
        out["volumeMounts"] = [dict(m) for m in volume_mounts]
    return out


def pod_template(
    labels: Labels,
    containers: Sequence[dict],
    *,
    annotations: Labels | None = None,
    volumes: Sequence[dict] | None = None,
    init_containers: Sequence[dict] | None = None,
    hostname: str | None = None,
    restart_policy: str | None = None,
    service_account: str | None = None,
    node_selector: Labels | None = None,
) -> dict:
    metadata: dict = {"labels": dict(labels)}
    if annotations:
        metadata["annotations"] = dict(annotations)
    spec: dict = {"containers": list(containers)}
    if init_containers:
        spec["initContainers"] = list(init_containers)
    if hostname is not None:
        spec["hostname"] = hostname
    if restart_policy is not None:
        spec["restartPolicy"] = restart_policy
    if service_account is not None:
        spec["serviceAccountName"] = service_account
        spec["serviceAccount"] = service_account
    if node_selector:
        spec["nodeSelector"] = dict(node_selector)
    if volumes:
        spec["volumes"] = list(volumes)
    return {"metadata": metadata, "spec": spec}


def deployment(
    name: str,
    ns: str,
    *,
    labels: Labels,
    selector: Labels,
    template: dict,
    annotations: Labels | None = None,
    replicas: int = 1,
    strategy: dict | None = None,
) -> dict:
    metadata: dict = {"name": name, "namespace": ns, "labels": dict(labels)}
    if annotations:
        metadata["annotations"] = dict(annotations)
    spec: dict = {"replicas": replicas, "selector": {"matchLabels": dict(selector)}, "template": template}
    if strategy is not None:
        spec["strategy"] = strategy
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata, "spec": spec}


def service(
    name: str,
    ns: str,
    *,
    selector: Labels,
    ports: Sequence[dict],
    labels: Labels | None = None,
    annotations: Labels | None = None,
    type_: str = "ClusterIP",
) -> dict:
    metadata: dict = {"name": name, "namespace": ns}
    if labels:
        metadata["labels"] = dict(labels)
    if annotations:
        metadata["annotations"] = dict(annotations)
    spec = {"type": type_, "ports": [dict(p) for p in ports], "selector": dict(selector)}
    return {"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec}


def configmap(name: str, ns: str, data: Mapping[str, str], *, labels: Labels | None = None) -> dict:
    metadata: dict = {"name": name, "namespace": ns}
    if labels:
        metadata["labels"] = dict(labels)
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": dict(data)}


def secret(name: str, ns: str, data: Mapping[str, str], *, type_: str = "Opaque") -> dict:
    """A Secret from plain-text values; stored base64-encoded, as the API returns it."""
    encoded = {key: base64.b64encode(value.encode()).decode() for key, value in data.items()}
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": ns},
            "type": type_, "data": encoded}


def pv(name: str, *, storage_class: str, host_path: str, capacity: str = "1Gi",
       access_modes: Sequence[str] = ("ReadWriteOnce",), host_path_type: str | None = None) -> dict:
    """A statically provisioned hostPath PersistentVolume (cluster-scoped)."""
    path: dict = {"path": host_path}
    if host_path_type is not None:
        path["type"] = host_path_type
    spec = {
        "volumeMode": "Filesystem",
        "accessModes": list(access_modes),
        "capacity": {"storage": capacity},
        "storageClassName": storage_class,
        "hostPath": path,
    }
    return {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name}, "spec": spec}


def pvc(name: str, ns: str, *, storage_class: str, request: str = "1Gi",
        access_modes: Sequence[str] = ("ReadWriteOnce",)) -> dict:
    spec = {
        "accessModes": list(access_modes),
        "storageClassName": storage_class,
        "resources": {"requests": {"storage": request}},
    }
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": name, "namespace": ns}, "spec": spec}


def configmap_volume(volume: str, configmap_name: str) -> dict:
    return {"name": volume, "configMap": {"name": configmap_name}}


def claim_volume(volume: str, claim: str) -> dict:
    return {"name": volume, "persistentVolumeClaim": {"claimName": claim}}


def mount(volume: str, path: str, *, sub_path: str | None = None, read_only: bool = False) -> dict:
    out: dict = {"name": volume, "mountPath": path}
    if sub_path is not None:
        out["subPath"] = sub_path
    if read_only:
        out["readOnly"] = True
    return out
