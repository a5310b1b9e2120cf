"""API-server defaulting: the fields a real cluster fills in that manifests leave out.

Agents read ``kubectl get -o yaml`` output, so objects must carry the same defaulted fields a
real API server adds (imagePullPolicy, terminationMessagePath, dnsPolicy, strategy, ...).
"""

from __future__ import annotations

from .kubectl.quantity import canonical
from .runtime import image_tag


def default_container(container: dict) -> None:
    image = container.get("image", "")
    container.setdefault("imagePullPolicy", "Always" if image_tag(image) == "latest" else "IfNotPresent")
    # The server decodes quantities and writes them back canonically: 1000m is served as "1".
    # New dicts: manifests may share one resources dict between containers.
    resources = container.get("resources") or {}
    container["resources"] = {**resources, **{section: {name: canonical(value) for name, value in resources[section].items()}
                                              for section in ("limits", "requests") if resources.get(section)}}
    container.setdefault("terminationMessagePath", "/dev/termination-log")
    container.setdefault("terminationMessagePolicy", "File")
    for port in container.get("ports") or []:
        port.setdefault("protocol", "TCP")


def default_pod_spec(spec: dict) -> None:
    for container in spec.get("containers") or []:
        default_container(container)
    for container in spec.get("initContainers") or []:
        default_container(container)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("securityContext", {})
    spec.setdefault("terminationGracePeriodSeconds", 30)


def default_deployment(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    spec.setdefault(
        "strategy", {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}
    )
    _default_template(spec)


def _default_template(spec: dict) -> None:
    template = spec.setdefault("template", {})
    # a template's ObjectMeta has a zero creation time, which the server serializes as null
    template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    default_pod_spec(template.setdefault("spec", {}))


def default_statefulset(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("podManagementPolicy", "OrderedReady")
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
    spec.setdefault("persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"})
    _default_template(spec)


def default_daemonset(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}})
    _default_template(spec)


def default_job(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    if "completions" not in spec and "parallelism" not in spec:
        spec["completions"] = 1  # a work queue (parallelism alone) keeps completions unset
    for field, value in (("parallelism", 1), ("backoffLimit", 6), ("completionMode", "NonIndexed"),
                         ("suspend", False), ("podReplacementPolicy", "TerminatingOrFailed")):
        spec.setdefault(field, value)
    _default_template(spec)


def default_service(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    spec.setdefault("internalTrafficPolicy", "Cluster")
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    for port in spec.get("ports") or []:
        port.setdefault("protocol", "TCP")
        port.setdefault("targetPort", port.get("port"))
    obj.setdefault("status", {"loadBalancer": {}})


def default_pvc(obj: dict) -> None:
    obj["metadata"].setdefault("finalizers", ["kubernetes.io/pvc-protection"])
    spec = obj.setdefault("spec", {})
    spec.setdefault("volumeMode", "Filesystem")
    obj.setdefault("status", {"phase": "Pending"})


def default_pv(obj: dict) -> None:
    obj["metadata"].setdefault("finalizers", ["kubernetes.io/pv-protection"])
    spec = obj.setdefault("spec", {})
    spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
    spec.setdefault("volumeMode", "Filesystem")
    obj.setdefault("status", {"phase": "Available"})


def default_namespace(obj: dict) -> None:
    obj["metadata"].setdefault("labels", {})["kubernetes.io/metadata.name"] = obj["metadata"]["name"]
    obj.setdefault("spec", {"finalizers": ["kubernetes"]})
    obj.setdefault("status", {"phase": "Active"})


_NOT_READY_TOLERATIONS = (
    {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
    {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists",
     "tolerationSeconds": 300},
)
SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"


def admit_pod(pod: dict, token_suffix: str) -> None:
    """What admission plugins add to every new pod: service account, its token volume, priority,
    and the default not-ready/unreachable tolerations."""
    spec = pod["spec"]
    spec.setdefault("serviceAccountName", "default")
    spec.setdefault("serviceAccount", spec["serviceAccountName"])
    spec.setdefault("priority", 0)
    spec.setdefault("enableServiceLinks", True)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    tolerations = spec.setdefault("tolerations", [])
    for toleration in _NOT_READY_TOLERATIONS:
        if not any(t.get("key") == toleration["key"] for t in tolerations):
            tolerations.append(dict(toleration))
    volume = f"kube-api-access-{token_suffix}"
    spec.setdefault("volumes", []).append({"name": volume, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                    "path": "namespace"}]}},
    ]}})
    for container in spec.get("containers") or ():
        container.setdefault("volumeMounts", []).append(
            {"mountPath": SERVICE_ACCOUNT_MOUNT, "name": volume, "readOnly": True})


DEFAULTERS = {
    "Namespace": default_namespace,
    "Deployment": default_deployment,
    "StatefulSet": default_statefulset,
    "DaemonSet": default_daemonset,
    "Job": default_job,
    "Service": default_service,
    "PersistentVolumeClaim": default_pvc,
    "PersistentVolume": default_pv,
}


def apply_defaults(obj: dict) -> None:
    kind = obj.get("kind")
    if kind == "Pod":
        default_pod_spec(obj.setdefault("spec", {}))
    elif kind == "ReplicaSet":
        _default_template(obj.setdefault("spec", {}))
    else:
        defaulter = DEFAULTERS.get(kind)
        if defaulter:
            defaulter(obj)
