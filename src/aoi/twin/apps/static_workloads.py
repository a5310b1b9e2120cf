"""DaemonSets, StatefulSets and static pods, created with their pods already in place.

The twin's controllers manage Deployment -> ReplicaSet -> Pod only, so these owners are written
with a plausible settled status and their pods are created directly, bound to a node and owned
through ownerReferences, which is all the kubelet needs to run them.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from ..naming import random_suffix, template_hash

if TYPE_CHECKING:
    from ..cluster import Cluster

NODES = ("kind-control-plane", "kind-worker")


def _owner_ref(owner: dict) -> dict:
    return {"apiVersion": owner["apiVersion"], "kind": owner["kind"], "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


def _pod(owner: dict, name: str, node: str, extra_labels: dict[str, str]) -> dict:
    template = copy.deepcopy(owner["spec"]["template"])
    meta = template.get("metadata") or {}
    labels = {**(meta.get("labels") or {}), **extra_labels}
    pod_meta: dict = {"name": name, "namespace": owner["metadata"]["namespace"], "labels": labels,
                      "ownerReferences": [_owner_ref(owner)]}
    if meta.get("annotations"):
        pod_meta["annotations"] = meta["annotations"]
    spec = template["spec"]
    spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": pod_meta, "spec": spec}


def daemonset(cluster: Cluster, obj: dict, nodes: tuple[str, ...] = NODES) -> dict:
    """Create a DaemonSet and one pod per node, named ``<ds>-<5 random chars>``."""
    count = len(nodes)
    obj["status"] = {"currentNumberScheduled": count, "desiredNumberScheduled": count, "numberAvailable": count,
                     "numberMisscheduled": 0, "numberReady": count, "observedGeneration": 1,
                     "updatedNumberScheduled": count}
    owner = cluster.create(obj)
    revision = template_hash(owner["spec"]["template"])
    for node in nodes:
        name = f"{owner['metadata']['name']}-{random_suffix(cluster.rng)}"
        cluster.create(_pod(owner, name, node, {"controller-revision-hash": revision, "pod-template-generation": "1"}))
    return owner


def statefulset(cluster: Cluster, obj: dict, node: str = "kind-worker") -> dict:
    """Create a StatefulSet and its ordinal pods ``<sts>-0`` ... on ``node``."""
    replicas = obj["spec"].get("replicas", 1)
    name = obj["metadata"]["name"]
    revision = f"{name}-{template_hash(obj['spec']['template'])}"
    obj["status"] = {"availableReplicas": replicas, "collisionCount": 0, "currentReplicas": replicas,
                     "currentRevision": revision, "observedGeneration": 1, "readyReplicas": replicas,
                     "replicas": replicas, "updateRevision": revision, "updatedReplicas": replicas}
    owner = cluster.create(obj)
    for ordinal in range(replicas):
        pod_name = f"{name}-{ordinal}"
        cluster.create(_pod(owner, pod_name, node, {"controller-revision-hash": revision,
                                                    "statefulset.kubernetes.io/pod-name": pod_name}))
    return owner


def static_pod(cluster: Cluster, name: str, namespace: str, node: str, containers: list[dict],
               labels: dict[str, str], priority_class: str = "system-node-critical") -> dict:
    """A kubelet static pod (mirror pod): named ``<name>-<node>``, owned by the Node."""
    node_obj = cluster.find("Node", node)
    meta: dict = {"name": f"{name}-{node}", "namespace": namespace, "labels": labels,
                  "annotations": {"kubernetes.io/config.source": "file"}}
    if node_obj is not None:
        meta["ownerReferences"] = [{"apiVersion": "v1", "kind": "Node", "name": node,
                                    "uid": node_obj["metadata"]["uid"], "controller": True}]
    spec = {"containers": containers, "hostNetwork": True, "nodeName": node,
            "priorityClassName": priority_class, "priority": 2000001000}
    return cluster.create({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})
