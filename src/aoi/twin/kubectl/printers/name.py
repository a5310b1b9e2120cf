"""``-o name``: ``<type>[.<group>]/<name>`` per object, as kubectl prints it."""

from __future__ import annotations

from ...kinds import ResourceType

__all__ = ["qualified_name"]


def qualified_name(rtype: ResourceType, obj: dict) -> str:
    return f"{rtype.qualified_singular}/{obj['metadata']['name']}"
