"""OpenAPI v3, as much of it as kubectl needs: that the server validates fields itself.

kubectl's default ``--validate=strict`` asks the server's OpenAPI v3 document whether each
type's PATCH path takes the ``fieldValidation`` query parameter. If it does, kubectl sends
``fieldValidation=Strict`` and validates nothing on the client; if the document is missing,
``create -f``/``apply -f``/``replace -f`` fail with "failed to download openapi". So each
group-version's document lists, per resource, the item path with its PATCH operation, tagged
``x-kubernetes-group-version-kind`` and carrying its query parameters. Schemas are left out:
``kubectl apply`` then computes its patch from the types compiled into kubectl (or a JSON merge
patch for custom resources), and ``kubectl explain`` has nothing to explain.
"""

from __future__ import annotations

import hashlib
import json

from ..kinds import RESOURCE_TYPES, ResourceType
from ..kubectl.version import server_version

__all__ = ["OpenApiV3"]

# kubectl looks for these on the PATCH operation itself (not on the path item).
_PATCH_PARAMETERS = ("dryRun", "fieldManager", "fieldValidation", "force")


def _item_path(rtype: ResourceType) -> str:
    prefix = f"/apis/{rtype.api_version}" if rtype.group else "/api/v1"
    scope = "/namespaces/{namespace}" if rtype.namespaced else ""
    return f"{prefix}{scope}/{rtype.plural}/{{name}}"


def _path_item(rtype: ResourceType) -> dict:
    version = rtype.api_version.rpartition("/")[2]
    parameters = [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}]
    if rtype.namespaced:
        parameters.append({"name": "namespace", "in": "path", "required": True, "schema": {"type": "string"}})
    parameters.append({"name": "pretty", "in": "query", "schema": {"type": "string"}})
    operation = {
        "operationId": f"patch{rtype.kind}",
        "parameters": [{"name": name, "in": "query", "schema": {"type": "string"}} for name in _PATCH_PARAMETERS],
        "responses": {"200": {"description": "OK"}},
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": {"group": rtype.group, "version": version, "kind": rtype.kind},
    }
    return {"parameters": parameters, "patch": operation}


class OpenApiV3:
    """The ``/openapi/v3`` root and one document per group-version, built once."""

    def __init__(self) -> None:
        by_gv: dict[str, dict] = {}
        for rtype in RESOURCE_TYPES:
            by_gv.setdefault(self._key(rtype), {})[_item_path(rtype)] = _path_item(rtype)
        info = {"title": "Kubernetes", "version": server_version()["gitVersion"]}
        # Empty schemas rather than none: kubectl explain then says it has no schema instead of
        # failing inside its template, and apply still finds no schema and uses kubectl's own types.
        self.documents = {key: {"openapi": "3.0.0", "info": info, "paths": paths, "components": {"schemas": {}}}
                          for key, paths in by_gv.items()}
        self.hashes = {key: hashlib.sha512(json.dumps(doc, sort_keys=True).encode()).hexdigest().upper()
                       for key, doc in self.documents.items()}

    @staticmethod
    def _key(rtype: ResourceType) -> str:
        return f"apis/{rtype.api_version}" if rtype.group else "api/v1"

    def root(self) -> dict:
        return {"paths": {key: {"serverRelativeURL": f"/openapi/v3/{key}?hash={digest}"}
                          for key, digest in self.hashes.items()}}

    def document(self, key: str) -> dict | None:
        """The document of ``api/v1`` or ``apis/<group>/<version>``; None when there is none."""
        return self.documents.get(key)
