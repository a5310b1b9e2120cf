"""API-server defaulting: the fields a real cluster fills in that manifests leave out.

Agents read ``kubectl get -o yaml`` output, so objects must carry the same defaulted fields a
real API server adds (imagePullPolicy, terminationMessagePath, dnsPolicy, strategy, ...).
"""

from __future__ import annotations

from .runtime import image_tag


def default_container(container: dict) -> None:
    image = container.get("image", "")
    container.setdefault("imagePullPolicy", "Always" if image_tag(image) == "latest" else "IfNotPresent")
    container.setdefault("resources", {})
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
    template = spec.setdefault("template", {})
    template.setdefault("metadata", {})
    default_pod_spec(template.setdefault("spec", {}))


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
    spec = obj.setdefault("spec", {})
    spec.setdefault("volumeMode", "Filesystem")
    obj.setdefault("status", {"phase": "Pending"})


def default_pv(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
    spec.setdefault("volumeMode", "Filesystem")
    obj.setdefault("status", {"phase": "Available"})


DEFAULTERS = {
    "Deployment": default_deployment,
    "Service": default_service,
    "PersistentVolumeClaim": default_pvc,
    "PersistentVolume": default_pv,
}


def apply_defaults(obj: dict) -> None:
    kind = obj.get("kind")
    if kind == "Pod":
        default_pod_spec(obj.setdefault("spec", {}))
    elif kind == "ReplicaSet":
        default_pod_spec(obj.setdefault("spec", {}).setdefault("template", {}).setdefault("spec", {}))
    else:
        defaulter = DEFAULTERS.get(kind)
        if defaulter:
            defaulter(obj)
