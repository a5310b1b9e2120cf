"""The resource types the twin serves, with the names kubectl resolves them by.

One row per type: its Kind, API group/version, plural, singular, short names, and whether it is
namespaced. kubectl's `api-resources` table is the source of these names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceType:
    kind: str
    api_version: str
    plural: str
    singular: str
    short_names: tuple[str, ...] = ()
    namespaced: bool = True

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0] if "/" in self.api_version else ""

    @property
    def qualified(self) -> str:
        """``deployments.apps`` style name, as kubectl prints it in messages."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def qualified_singular(self) -> str:
        """``deployment.apps`` style name, used in ``-o name`` and NotFound errors."""
        return f"{self.singular}.{self.group}" if self.group else self.singular


RESOURCE_TYPES: tuple[ResourceType, ...] = (
    ResourceType("Pod", "v1", "pods", "pod", ("po",)),
    ResourceType("Service", "v1", "services", "service", ("svc",)),
    ResourceType("Endpoints", "v1", "endpoints", "endpoints", ("ep",)),
    ResourceType("ConfigMap", "v1", "configmaps", "configmap", ("cm",)),
    ResourceType("Secret", "v1", "secrets", "secret"),
    ResourceType("ServiceAccount", "v1", "serviceaccounts", "serviceaccount", ("sa",)),
    ResourceType("PersistentVolumeClaim", "v1", "persistentvolumeclaims", "persistentvolumeclaim", ("pvc",)),
    ResourceType("PersistentVolume", "v1", "persistentvolumes", "persistentvolume", ("pv",), namespaced=False),
    ResourceType("Node", "v1", "nodes", "node", ("no",), namespaced=False),
    ResourceType("Namespace", "v1", "namespaces", "namespace", ("ns",), namespaced=False),
    ResourceType("Event", "v1", "events", "event", ("ev",)),
    # served (so describe namespace can list them) though the apps create none
    ResourceType("ResourceQuota", "v1", "resourcequotas", "resourcequota", ("quota",)),
    ResourceType("LimitRange", "v1", "limitranges", "limitrange", ("limits",)),
    ResourceType("Deployment", "apps/v1", "deployments", "deployment", ("deploy",)),
    ResourceType("ReplicaSet", "apps/v1", "replicasets", "replicaset", ("rs",)),
    ResourceType("StatefulSet", "apps/v1", "statefulsets", "statefulset", ("sts",)),
    ResourceType("DaemonSet", "apps/v1", "daemonsets", "daemonset", ("ds",)),
    ResourceType("Job", "batch/v1", "jobs", "job"),
    ResourceType("StorageClass", "storage.k8s.io/v1", "storageclasses", "storageclass", ("sc",), namespaced=False),
    ResourceType("Lease", "coordination.k8s.io/v1", "leases", "lease"),
    ResourceType("EndpointSlice", "discovery.k8s.io/v1", "endpointslices", "endpointslice"),
    ResourceType("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies", "networkpolicy", ("netpol",)),
    ResourceType("PodChaos", "chaos-mesh.org/v1alpha1", "podchaos", "podchaos"),
    ResourceType("NetworkChaos", "chaos-mesh.org/v1alpha1", "networkchaos", "networkchaos"),
)

BY_KIND: dict[str, ResourceType] = {t.kind: t for t in RESOURCE_TYPES}


def _aliases() -> dict[str, ResourceType]:
    table: dict[str, ResourceType] = {}
    for t in RESOURCE_TYPES:
        for name in (t.plural, t.singular, t.kind.lower(), t.qualified, t.qualified_singular, *t.short_names):
            table.setdefault(name, t)
    return table


_BY_ALIAS = _aliases()


def resolve(name: str) -> ResourceType | None:
    """The type kubectl would pick for ``name`` (``po``, ``pods``, ``deployment.apps``, ...)."""
    return _BY_ALIAS.get(name.lower())
