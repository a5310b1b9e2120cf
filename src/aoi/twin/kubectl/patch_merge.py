"""Merge patches: RFC 7386 JSON merge patch and Kubernetes strategic merge patch.

Strategic merge differs from a merge patch in lists: lists whose API field declares a merge key
(containers by ``name``, container ports by ``containerPort``, Service ports by ``port``, env by
``name``, ...) are merged item by item, matching items by that key and appending new ones after
the existing ones; every other list is replaced. Directives: ``$patch: delete`` on a list item
removes the matching item, ``$patch: delete`` / ``$patch: replace`` on a map deletes or replaces
it, ``$deleteFromPrimitiveList/<field>`` removes scalars from a list, ``$retainKeys`` drops keys
not listed and ``$setElementOrder/<field>`` is accepted and ignored. ``null`` deletes a key.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

__all__ = ["PatchError", "json_merge_patch", "strategic_merge_patch"]


class PatchError(Exception):
    """A patch the API server rejects; the message is the server's."""


def json_merge_patch(target: object, patch: object) -> object:
    """RFC 7386: maps merge recursively, ``null`` deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = json_merge_patch(result.get(key), value)
    return result


# Merge keys by field name; "ports" depends on whether it is a container's or a Service's.
_MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "volumeDevices": "devicePath",
    "imagePullSecrets": "name",
    "hostAliases": "ip",
    "conditions": "type",
    "ownerReferences": "uid",
    "resourceClaims": "name",
    "topologySpreadConstraints": "topologyKey",
}
_CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")


def _merge_key(path: Sequence[str]) -> str | None:
    field = path[-1]
    if field == "ports":
        return "containerPort" if any(p in _CONTAINER_LISTS for p in path[:-1]) else "port"
    return _MERGE_KEYS.get(field)


def strategic_merge_patch(original: dict, patch: dict) -> dict:
    """``original`` with ``patch`` applied by strategic-merge rules; neither input is modified."""
    if not isinstance(patch, dict):
        raise PatchError(f"json: cannot unmarshal {_json_type(patch)} into Go value of type map[string]interface {{}}")
    return _merge_map(copy.deepcopy(original), patch, ())


def _merge_map(original: dict, patch: dict, path: tuple[str, ...]) -> dict:
    directive = patch.get("$patch")
    if directive == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    if directive == "delete":
        return {}
    retain = patch.get("$retainKeys")
    for key, value in patch.items():
        if key in ("$patch", "$retainKeys") or key.startswith("$setElementOrder/"):
            continue
        if key.startswith("$deleteFromPrimitiveList/"):
            field = key.split("/", 1)[1]
            if isinstance(original.get(field), list):
                original[field] = [v for v in original[field] if v not in (value or [])]
            continue
        if value is None:
            original.pop(key, None)
        elif isinstance(value, dict) and isinstance(original.get(key), dict):
            if value.get("$patch") == "delete":
                original.pop(key, None)
            else:
                original[key] = _merge_map(original[key], value, (*path, key))
        elif isinstance(value, list) and _merge_key((*path, key)) is not None:
            original[key] = _merge_list(original.get(key) or [], value, (*path, key))
        else:
            original[key] = _strip_directives(copy.deepcopy(value))
    if isinstance(retain, list):
        for key in [k for k in original if k not in retain]:
            del original[key]
    return original


def _merge_list(original: list, patch: list, path: tuple[str, ...]) -> list:
    key = _merge_key(path)
    assert key is not None
    result = list(original)
    for item in patch:
        if not isinstance(item, dict):
            raise PatchError(f"{_go(item)} is not a map: cannot merge it by key {key}")
        directive = item.get("$patch")
        if key not in item:
            raise PatchError(f"map: {_go({k: v for k, v in item.items()})} does not contain declared merge key: {key}")
        index = next((i for i, o in enumerate(result) if isinstance(o, dict) and o.get(key) == item[key]), None)
        if directive == "delete":
            if index is not None:
                del result[index]
        elif index is not None:
            result[index] = _merge_map(result[index], item, path)
        else:
            result.append(_strip_directives(copy.deepcopy(item)))
    return result


def _strip_directives(value: object) -> object:
    """New values keep no ``$patch`` markers and no nulls, as the server stores them."""
    if isinstance(value, dict):
        return {k: _strip_directives(v) for k, v in value.items() if not k.startswith("$") and v is not None}
    if isinstance(value, list):
        return [_strip_directives(v) for v in value]
    return value


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "object"


def _go(value: object) -> str:
    """Go's ``%v`` of a decoded JSON value (``map[image:nginx name:x]``), used in server errors."""
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_go(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, list):
        return "[" + " ".join(_go(v) for v in value) + "]"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
