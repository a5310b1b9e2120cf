"""Content negotiation: which representation an ``Accept`` header asks for.

Clients list what they take in order of preference, e.g. kubectl get sends
``application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,
application/json`` and discovery asks for ``...;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList``.
The first range the server can produce wins; plain JSON is always producible, so anything
unrecognised falls through to it, as on the real server.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Representation", "negotiate"]

# (group, as) -> the versions the server produces for it
_SPECIAL = {
    ("meta.k8s.io", "Table"): ("v1", "v1beta1"),
    ("meta.k8s.io", "PartialObjectMetadata"): ("v1", "v1beta1"),
    ("meta.k8s.io", "PartialObjectMetadataList"): ("v1", "v1beta1"),
    ("apidiscovery.k8s.io", "APIGroupDiscoveryList"): ("v2", "v2beta1"),
}


@dataclass(frozen=True)
class Representation:
    """``as_kind`` is empty for the object itself; otherwise e.g. ``Table`` in ``group/version``."""

    as_kind: str = ""
    group: str = ""
    version: str = ""

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}"

    @property
    def content_type(self) -> str:
        if not self.as_kind:
            return "application/json"
        return f"application/json;as={self.as_kind};g={self.group};v={self.version}"


PLAIN = Representation()


def negotiate(accept: str | None, allowed: tuple[str, ...]) -> Representation:
    """The first range of ``accept`` this endpoint can produce; ``allowed`` names the ``as=`` kinds
    it offers besides the object itself."""
    for part in (accept or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if media not in ("application/json", "*/*", "application/*"):
            continue
        values = dict(p.partition("=")[::2] for p in params if "=" in p)
        as_kind = values.get("as", "")
        if not as_kind:
            return PLAIN
        group, version = values.get("g", ""), values.get("v", "")
        if as_kind in allowed and version in _SPECIAL.get((group, as_kind), ()):
            return Representation(as_kind, group, version)
    return PLAIN
