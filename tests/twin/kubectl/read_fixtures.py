"""A small cluster with a pod in every state the read verbs must render, built through the API.

``shop`` namespace: ``web`` (2 running replicas, logs with timestamps), ``crash`` (exits 1 ->
CrashLoopBackOff), ``pull`` (image cannot be pulled), ``stuck`` (a node selector nothing
matches -> Pending), ``done`` (a bare pod that exits 0 -> Completed), ``duo`` (two containers);
Services ``web`` (ClusterIP) and ``web-np`` (NodePort), a ConfigMap, a Secret, a bound PVC.
"""

from __future__ import annotations

from aoi.twin.cluster import Cluster
from aoi.twin.kubectl import KubectlContext, run_kubectl
from aoi.twin.process import CommandResult
from aoi.twin.runtime import BehaviourTable, Outcome, StartContext

NS = "shop"


def _web(ctx: StartContext) -> Outcome:
    return Outcome(logs=("2026-03-02T09:00:02Z starting web", "2026-03-02T09:00:03Z listening on :8080",
                         "2026-03-02T09:00:04Z ready"))


BEHAVIOURS = BehaviourTable(by_repository={
    "shop/web": _web,
    "shop/crash": lambda ctx: Outcome(state="exited", exit_code=1, logs=(f"fatal: run {ctx.restart_count}",)),
    "shop/pull": lambda ctx: Outcome(state="pull_error", message="rpc error: code = NotFound desc = not found"),
    "shop/done": lambda ctx: Outcome(state="exited", exit_code=0, logs=("all done",)),
    "shop/side": lambda ctx: Outcome(logs=("sidecar up",)),
})


def deployment(name: str, image: str, replicas: int = 1, containers: list[dict] | None = None) -> dict:
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": NS, "labels": dict(labels)},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": containers or [{
                "name": name, "image": image, "ports": [{"containerPort": 8080}],
                "command": [name], "env": [{"name": "MODE", "value": "prod"}],
                "resources": {"limits": {"cpu": "1000m"}, "requests": {"cpu": "100m", "memory": "64Mi"}},
            }]}},
        },
    }


def build_shop(seed: int = 7, settle: float = 95) -> Cluster:
    cluster = Cluster(seed=seed, behaviours=BEHAVIOURS)
    cluster.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})
    cluster.create(deployment("web", "shop/web:1.0", replicas=2))
    cluster.create(deployment("crash", "shop/crash:1.0"))
    cluster.create(deployment("pull", "shop/pull:1.0"))
    cluster.create(deployment("duo", "shop/web:1.0", containers=[
        {"name": "main", "image": "shop/web:1.0"}, {"name": "side", "image": "shop/side:1.0"}]))
    stuck = deployment("stuck", "shop/web:1.0")
    stuck["spec"]["template"]["spec"]["nodeSelector"] = {"disk": "ssd"}
    cluster.create(stuck)
    cluster.create({"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": "done", "namespace": NS, "labels": {"app": "done"}},
                    "spec": {"restartPolicy": "Never", "containers": [{"name": "done", "image": "shop/done:1.0"}]}})
    cluster.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": NS},
                    "spec": {"clusterIP": "10.96.10.10", "clusterIPs": ["10.96.10.10"], "selector": {"app": "web"},
                             "ports": [{"name": "http", "port": 80, "targetPort": 8080}]}})
    cluster.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web-np", "namespace": NS},
                    "spec": {"type": "NodePort", "clusterIP": "10.96.10.11", "selector": {"app": "web"},
                             "ports": [{"port": 16686, "nodePort": 31234, "targetPort": 8080},
                                       {"port": 5775, "protocol": "UDP", "targetPort": 5775}]}})
    cluster.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": NS},
                    "data": {"a.conf": "x=1\n", "b.conf": "y=2\n"}})
    cluster.create({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                    "metadata": {"name": "db", "namespace": NS}, "data": {"password": "cGFzc3dvcmQ="}})
    cluster.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "data-pv"},
                    "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                             "storageClassName": "manual", "hostPath": {"path": "/data"}}})
    cluster.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data", "namespace": NS},
                    "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "manual",
                             "resources": {"requests": {"storage": "1Gi"}}}})
    cluster.advance(settle)
    return cluster


def kubectl(cluster: Cluster, command: str | list[str], namespace: str = NS) -> CommandResult:
    """Run kubectl; a string is split on spaces, a list is passed as argv (for arguments with spaces)."""
    argv = command.split() if isinstance(command, str) else command
    return run_kubectl(KubectlContext(cluster, namespace), ["kubectl", *argv])


def pod_named(cluster: Cluster, prefix: str) -> dict:
    return next(p for p in cluster.list("Pod", NS) if p["metadata"]["name"].startswith(prefix + "-")
                or p["metadata"]["name"] == prefix)
