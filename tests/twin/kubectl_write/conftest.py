"""A small cluster (one Deployment ``geo`` behind Service ``geo`` in namespace ``hr``) and a
``kubectl`` helper that runs one command line through the twin's kubectl."""

from __future__ import annotations

import shlex
from collections.abc import Callable

import pytest

from aoi.twin.cluster import Cluster
from aoi.twin.kubectl import KubectlContext, run_kubectl
from aoi.twin.process import CommandResult

NS = "hr"
Kubectl = Callable[..., CommandResult]


def geo_deployment(replicas: int = 1) -> dict:
    labels = {"io.kompose.service": "geo"}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "geo", "namespace": NS, "labels": dict(labels)},
        "spec": {
            "replicas": replicas, "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": [{
                "name": "hotel-reserv-geo", "image": "yinfangchen/hotelreservation:latest", "command": ["geo"],
                "ports": [{"containerPort": 8083}], "env": [{"name": "JAEGER_SAMPLE_RATIO", "value": "1"}],
            }]}},
        },
    }


@pytest.fixture
def cluster() -> Cluster:
    c = Cluster(seed=11)
    c.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})
    c.create(geo_deployment())
    c.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "geo", "namespace": NS},
              "spec": {"selector": {"io.kompose.service": "geo"},
                       "ports": [{"name": "8083", "port": 8083, "targetPort": 8083}]}})
    c.advance(10)
    return c


@pytest.fixture
def kubectl(cluster: Cluster) -> Kubectl:
    ctx = KubectlContext(cluster, "default")

    def run(command: str, stdin: str = "") -> CommandResult:
        return run_kubectl(ctx, shlex.split(command), stdin)

    return run


def pods(cluster: Cluster, namespace: str = NS) -> list[str]:
    return [p["metadata"]["name"] for p in cluster.list("Pod", namespace)]
