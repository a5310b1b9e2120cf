"""The kind cluster's two nodes, as AIOpsLab's kind config creates them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..clock import parse_rfc3339, rfc3339

if TYPE_CHECKING:
    from ..cluster import Cluster

KUBELET_VERSION = "v1.32.0"
CONTROL_PLANE = "kind-control-plane"
WORKER = "kind-worker"
_ADDRESSES = {CONTROL_PLANE: "172.18.0.3", WORKER: "172.18.0.2"}
POD_CIDRS = {CONTROL_PLANE: "10.244.0.0/24", WORKER: "10.244.1.0/24"}


def _node(name: str, control_plane: bool) -> dict:
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    capacity = {
        "cpu": "16",
        "ephemeral-storage": "263112772Ki",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        "memory": "65842312Ki",
        "pods": "110",
    }
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": name,
            "labels": labels,
            "annotations": {
                "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
        },
        "spec": {
            "podCIDR": POD_CIDRS[name],
            "podCIDRs": [POD_CIDRS[name]],
            "providerID": f"kind://docker/kind/{name}",
            **(
                {"taints": [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]}
                if control_plane
                else {}
            ),
        },
        "status": {
            "addresses": [
                {"address": _ADDRESSES[name], "type": "InternalIP"},
                {"address": name, "type": "Hostname"},
            ],
            "allocatable": dict(capacity),
            "capacity": capacity,
            "conditions": [
                {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory",
                 "message": "kubelet has sufficient memory available"},
                {"type": "DiskPressure", "status": "False", "reason": "KubeletHasNoDiskPressure",
                 "message": "kubelet has no disk pressure"},
                {"type": "PIDPressure", "status": "False", "reason": "KubeletHasSufficientPID",
                 "message": "kubelet has sufficient PID available"},
                {"type": "Ready", "status": "True", "reason": "KubeletReady",
                 "message": "kubelet is posting ready status"},
            ],
            "nodeInfo": {
                "architecture": "amd64",
                "containerRuntimeVersion": "containerd://1.7.24",
                "kernelVersion": "6.8.0-1021-azure",
                "kubeProxyVersion": KUBELET_VERSION,
                "kubeletVersion": KUBELET_VERSION,
                "operatingSystem": "linux",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
            },
        },
    }


# The kubelet renews its node Lease every 10 s and reports node status (the conditions'
# lastHeartbeatTime) every 5 minutes when nothing changed (nodeStatusReportFrequency).
LEASE_RENEW_S = 10
STATUS_REPORT_S = 300


def bootstrap_nodes(cluster: Cluster) -> None:
    for name in (CONTROL_PLANE, WORKER):
        node = cluster.create(_node(name, control_plane=name == CONTROL_PLANE))
        for cond in node["status"]["conditions"]:
            cond["lastHeartbeatTime"] = cond["lastTransitionTime"] = node["metadata"]["creationTimestamp"]
        cluster.create({
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": {"name": name, "namespace": "kube-node-lease", "ownerReferences": [
                {"apiVersion": "v1", "kind": "Node", "name": name, "uid": node["metadata"]["uid"]}]},
            "spec": {"holderIdentity": name, "leaseDurationSeconds": 40,
                     "renewTime": _micro_time(cluster.clock.now)},
        })


def _micro_time(at: float) -> str:
    """metav1.MicroTime as the server writes it: RFC 3339 with microseconds."""
    return rfc3339(at).removesuffix("Z") + ".000000Z"


def heartbeat(cluster: Cluster) -> None:
    """Bring the kubelets' periodic writes up to the virtual clock: the node Leases' renewTime and
    the conditions' lastHeartbeatTime, each at its last tick since the node was created. Called
    after every `Cluster.advance`; status fields only, so no resourceVersion moves."""
    now = cluster.clock.now
    for node in cluster.list("Node"):
        born = parse_rfc3339(node["metadata"]["creationTimestamp"])
        beat = rfc3339(born + (now - born) // STATUS_REPORT_S * STATUS_REPORT_S)
        for cond in (node.get("status") or {}).get("conditions") or ():
            cond["lastHeartbeatTime"] = beat
        lease = cluster.find("Lease", node["metadata"]["name"], "kube-node-lease")
        if lease is not None:
            lease["spec"]["renewTime"] = _micro_time(born + (now - born) // LEASE_RENEW_S * LEASE_RENEW_S)


def node_ip(name: str) -> str:
    return _ADDRESSES.get(name, "172.18.0.2")
