"""REST paths to resource targets: ``/api/v1/namespaces/ns/pods/x/log`` -> (Pod, ns, x, log).

The shapes the API server routes, after the group-version prefix (``/api/v1`` or
``/apis/<group>/<version>``)::

    <plural>                              every object (all namespaces for namespaced types)
    <plural>/<name>[/<subresource>]       a cluster-scoped object
    namespaces/<ns>/<plural>              the objects in a namespace
    namespaces/<ns>/<plural>/<name>[/<subresource>]

``namespaces/<name>/status`` and ``namespaces/<name>/finalize`` are a Namespace's own
subresources, not collections. Anything else is the server's plain 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kinds import RESOURCE_TYPES, ResourceType
from .status import not_found

__all__ = ["SUBRESOURCES", "Target", "resolve_path", "resource_type"]

# The subresources served per resource; every other subresource is a 404.
SUBRESOURCES: dict[str, tuple[str, ...]] = {
    "pods": ("status", "log", "exec"),
    "deployments": ("status", "scale"),
    "replicasets": ("status", "scale"),
    "statefulsets": ("status", "scale"),
    "daemonsets": ("status",),
    "jobs": ("status",),
    "services": ("status",),
    "nodes": ("status",),
    "namespaces": ("status", "finalize"),
    "persistentvolumes": ("status",),
    "persistentvolumeclaims": ("status",),
    "podchaos": ("status",),
    "networkchaos": ("status",),
}

_BY_PATH: dict[tuple[str, str], ResourceType] = {(t.api_version, t.plural): t for t in RESOURCE_TYPES}


@dataclass(frozen=True)
class Target:
    """What a request addresses; ``namespace`` None means cluster scope or all namespaces."""

    rtype: ResourceType
    namespace: str | None = None
    name: str | None = None
    subresource: str | None = None


def resource_type(api_version: str, plural: str) -> ResourceType:
    rtype = _BY_PATH.get((api_version, plural))
    if rtype is None:
        raise not_found()
    return rtype


def resolve_path(api_version: str, rest: str) -> Target:
    """The target of ``rest``, the path after the group-version prefix; 404 for unknown shapes."""
    parts = [p for p in rest.split("/") if p]
    if len(parts) >= 3 and parts[0] == "namespaces" and parts[2] not in SUBRESOURCES["namespaces"]:
        namespace, parts = parts[1], parts[2:]
        rtype = resource_type(api_version, parts[0])
        if not rtype.namespaced:
            raise not_found()
    else:
        namespace = None
        if not parts:
            raise not_found()
        rtype = resource_type(api_version, parts[0])
        if rtype.namespaced and len(parts) > 1:
            raise not_found()  # a namespaced object needs its namespace in the path
    if len(parts) > 3:
        raise not_found()
    name = parts[1] if len(parts) > 1 else None
    subresource = parts[2] if len(parts) > 2 else None
    if subresource is not None and subresource not in SUBRESOURCES.get(rtype.plural, ()):
        raise not_found()
    return Target(rtype, namespace, name, subresource)
