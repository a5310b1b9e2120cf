"""Discovery: ``/version``, ``/api``, ``/apis`` and each group-version's resource list.

Both discovery formats are served. kubectl 1.32 asks for the aggregated one
(``APIGroupDiscoveryList``, apidiscovery.k8s.io/v2) and gets every group and resource in two
requests; older clients and the Python client read the legacy ``APIGroupList`` /
``APIResourceList`` documents. Both are built once, from `aoi.twin.kinds.RESOURCE_TYPES` (plus
metrics.k8s.io when `app.py` mounts it), so ``kubectl api-resources`` against the served twin
lists what the emulator's ``kubectl api-resources`` lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..kinds import RESOURCE_TYPES, ResourceType
from ..kubectl.version import server_version
from .paths import SUBRESOURCES

__all__ = ["Discovery", "DiscoveredResource", "METRICS_RESOURCES"]

_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
_CATEGORY_ALL = frozenset({"pods", "services", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs"})
# (kind, group, version, verbs) of each subresource, as the real server lists them.
_SUBRESOURCE_INFO = {
    "status": (None, None, None, ("get", "patch", "update")),
    "scale": ("Scale", "autoscaling", "v1", ("get", "patch", "update")),
    "log": (None, None, None, ("get",)),
    "exec": ("PodExecOptions", "", "v1", ("create", "get")),
    "finalize": (None, None, None, ("update",)),
}


@dataclass(frozen=True)
class DiscoveredResource:
    """One resource as discovery shows it."""

    plural: str
    singular: str
    kind: str
    group: str
    version: str
    namespaced: bool
    verbs: tuple[str, ...] = _VERBS
    short_names: tuple[str, ...] = ()
    subresources: tuple[str, ...] = ()

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @classmethod
    def of(cls, rtype: ResourceType) -> DiscoveredResource:
        version = rtype.api_version.rpartition("/")[2]
        return cls(rtype.plural, rtype.singular, rtype.kind, rtype.group, version, rtype.namespaced,
                   short_names=rtype.short_names, subresources=SUBRESOURCES.get(rtype.plural, ()))


# Served by `metrics_api.py` (metrics-server's API) when that module is present.
METRICS_RESOURCES = (
    DiscoveredResource("pods", "", "PodMetrics", "metrics.k8s.io", "v1beta1", True, ("get", "list")),
    DiscoveredResource("nodes", "", "NodeMetrics", "metrics.k8s.io", "v1beta1", False, ("get", "list")),
)


def _in_all(res: DiscoveredResource) -> bool:
    """Whether ``kubectl get all`` includes the resource (its ``all`` category)."""
    return res.plural in _CATEGORY_ALL and res.group != "metrics.k8s.io"


def _legacy_entries(res: DiscoveredResource) -> list[dict]:
    entry: dict = {"name": res.plural, "singularName": res.singular, "namespaced": res.namespaced,
                   "kind": res.kind, "verbs": list(res.verbs)}
    if res.short_names:
        entry["shortNames"] = list(res.short_names)
    if _in_all(res):
        entry["categories"] = ["all"]
    entries = [entry]
    for sub in res.subresources:
        kind, group, version, verbs = _SUBRESOURCE_INFO[sub]
        item: dict = {"name": f"{res.plural}/{sub}", "singularName": "", "namespaced": res.namespaced,
                      "kind": kind or res.kind, "verbs": list(verbs)}
        if group is not None and group != res.group:
            item["group"], item["version"] = group, version
        entries.append(item)
    return entries


def _aggregated_entry(res: DiscoveredResource) -> dict:
    entry: dict = {"resource": res.plural,
                   "responseKind": {"group": res.group, "version": res.version, "kind": res.kind},
                   "scope": "Namespaced" if res.namespaced else "Cluster", "singularResource": res.singular,
                   "verbs": list(res.verbs)}
    if res.short_names:
        entry["shortNames"] = list(res.short_names)
    if _in_all(res):
        entry["categories"] = ["all"]
    subs = []
    for sub in res.subresources:
        kind, group, version, verbs = _SUBRESOURCE_INFO[sub]
        subs.append({"subresource": sub,
                     "responseKind": {"group": res.group if group is None else group,
                                      "version": version or res.version, "kind": kind or res.kind},
                     "verbs": list(verbs)})
    if subs:
        entry["subresources"] = subs
    return entry


class Discovery:
    """The discovery documents for a fixed set of resources, built once."""

    def __init__(self, extra: Iterable[DiscoveredResource] = ()) -> None:
        resources = [DiscoveredResource.of(t) for t in RESOURCE_TYPES] + list(extra)
        self.by_group_version: dict[str, list[DiscoveredResource]] = {}
        # The real server lists a group version's resources by name; kubectl expands `get all`
        # in that order (daemonsets before deployments).
        for res in sorted(resources, key=lambda r: r.plural):
            self.by_group_version.setdefault(res.group_version, []).append(res)
        self.groups = sorted({r.group for r in resources if r.group})

    # ---------------------------------------------------------------- legacy
    @staticmethod
    def version() -> dict:
        return server_version()

    def api_versions(self, server_address: str) -> dict:
        return {"kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]}

    def _group(self, group: str) -> dict:
        versions = [{"groupVersion": gv, "version": gv.rpartition("/")[2]}
                    for gv in self.by_group_version if gv.rpartition("/")[0] == group]
        return {"name": group, "versions": versions, "preferredVersion": versions[0]}

    def group_list(self) -> dict:
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [self._group(g) for g in self.groups]}

    def group(self, group: str) -> dict | None:
        if group not in self.groups:
            return None
        return {"kind": "APIGroup", "apiVersion": "v1", **self._group(group)}

    def resource_list(self, group_version: str) -> dict | None:
        resources = self.by_group_version.get(group_version)
        if resources is None:
            return None
        entries = [e for res in resources for e in _legacy_entries(res)]
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": entries}

    # ------------------------------------------------------------ aggregated
    def aggregated(self, api_version: str, core: bool) -> dict:
        """The APIGroupDiscoveryList of ``/api`` (``core``) or of ``/apis``."""
        if core:
            items = [{"metadata": {"creationTimestamp": None}, "versions": [self._aggregated_version("v1")]}]
        else:
            items = [{"metadata": {"name": group, "creationTimestamp": None},
                      "versions": [self._aggregated_version(gv) for gv in self.by_group_version
                                   if gv.rpartition("/")[0] == group]}
                     for group in self.groups]
        return {"kind": "APIGroupDiscoveryList", "apiVersion": api_version, "metadata": {}, "items": items}

    def _aggregated_version(self, group_version: str) -> dict:
        resources = [_aggregated_entry(r) for r in self.by_group_version[group_version]]
        return {"version": group_version.rpartition("/")[2], "resources": resources, "freshness": "Current"}
