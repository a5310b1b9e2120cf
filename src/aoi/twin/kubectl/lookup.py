"""Finding the objects a read verb names: targets, namespaces, selectors, and kubectl's errors.

`collect` turns parsed targets into `Found` groups (one per resource type, in the order asked)
plus the NotFound lines a real API server would return; objects that were found are still
returned, since kubectl prints them and reports the missing ones on stderr.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..kinds import ResourceType
from .args import KubectlError, Target
from .context import KubectlContext
from .selectors import FieldSelector, LabelSelector

__all__ = ["Found", "Query", "collect", "no_resources_message", "not_found", "require_targets"]


@dataclass
class Query:
    """Where and what to look: ``namespace=None`` means all namespaces (``-A``)."""

    namespace: str | None
    labels: LabelSelector | None = None
    fields: FieldSelector | None = None
    prefix_match: bool = False  # describe's "name or name prefix" lookup


@dataclass
class Found:
    rtype: ResourceType
    objects: list[dict] = field(default_factory=list)
    named: bool = False  # names were given (single-object output for one name)


def not_found(rtype: ResourceType, name: str) -> str:
    return f'Error from server (NotFound): {rtype.qualified} "{name}" not found'


def no_resources_message(namespace: str | None, namespaced: bool = True) -> str:
    if namespace is None or not namespaced:
        return "No resources found"
    return f"No resources found in {namespace} namespace."


def _selected(objs: list[dict], query: Query) -> list[dict]:
    labels, fields = query.labels, query.fields
    if labels is None and fields is None:
        return objs
    return [o for o in objs
            if (labels is None or labels.matches(o["metadata"].get("labels")))
            and (fields is None or fields.matches(o))]


def collect(ctx: KubectlContext, targets: Sequence[Target], query: Query) -> tuple[list[Found], list[str]]:
    cluster = ctx.cluster
    groups: list[Found] = []
    errors: list[str] = []
    for target in targets:
        rtype = target.rtype
        if query.fields is not None:
            query.fields.check(rtype, query.labels.text if query.labels else "")
        namespace = query.namespace if rtype.namespaced else None
        group = next((g for g in groups if g.rtype is rtype), None) if target.slash_form else None
        if group is None:
            group = Found(rtype, named=bool(target.names))
            groups.append(group)
        if not target.names:
            group.objects.extend(_selected(cluster.list(rtype.kind, namespace), query))
            continue
        for name in target.names:
            found = _find(ctx, rtype, name, namespace, query)
            if not found:
                errors.append(not_found(rtype, name))
            group.objects.extend(_selected(found, query))
    return groups, errors


def _find(ctx: KubectlContext, rtype: ResourceType, name: str, namespace: str | None, query: Query) -> list[dict]:
    obj = ctx.cluster.find(rtype.kind, name, namespace)
    if obj is not None:
        return [obj]
    if query.prefix_match:
        return [o for o in ctx.cluster.list(rtype.kind, namespace) if o["metadata"]["name"].startswith(name)]
    return []


def require_targets(targets: Sequence[Target], verb: str) -> None:
    """``kubectl describe`` (and friends) without a resource type."""
    if not targets:
        raise KubectlError(
            f"error: You must specify the type of resource to {verb}. Use \"kubectl api-resources\" "
            "for a complete list of supported resources."
        )
