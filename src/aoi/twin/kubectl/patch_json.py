"""RFC 6902 JSON Patch over API objects: add, remove, replace, move, copy and test.

Paths are RFC 6901 pointers (``/spec/template/spec/containers/0/env/-``, ``~1`` for ``/`` and
``~0`` for ``~``). A failing operation rejects the whole patch; the caller turns that into the
API server's ``The request is invalid`` message.
"""

from __future__ import annotations

import copy

from .patch_merge import PatchError

__all__ = ["apply_json_patch"]


def apply_json_patch(document: object, operations: object) -> object:
    """``document`` with every operation applied in order; the input is not modified."""
    if not isinstance(operations, list):
        raise PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    doc = copy.deepcopy(document)
    for op in operations:
        if not isinstance(op, dict) or "op" not in op:
            raise PatchError("Unexpected kind: <nil>")
        doc = _apply(doc, op)
    return doc


def _apply(doc: object, op: dict) -> object:
    kind = op["op"]
    path = _required(op, "path")
    if kind == "add":
        return _add(doc, path, copy.deepcopy(_required(op, "value")))
    if kind == "remove":
        doc, _ = _remove(doc, path)
        return doc
    if kind == "replace":
        value = copy.deepcopy(_required(op, "value"))
        if path == "":
            return value
        doc, _ = _remove(doc, path, replacing=True)
        return _add(doc, path, value)
    if kind == "move":
        source = _required(op, "from")
        doc, value = _remove(doc, source)
        return _add(doc, path, value)
    if kind == "copy":
        return _add(doc, path, copy.deepcopy(_get(doc, _required(op, "from"))))
    if kind == "test":
        if _get(doc, path) != op.get("value"):
            raise PatchError(f"testing value {path} failed: test failed")
        return doc
    raise PatchError(f"Unexpected kind: {kind}")


def _required(op: dict, field: str) -> object:
    if field not in op:
        raise PatchError(f"missing {field} in {op['op']} operation")
    return op[field]


def _tokens(path: object) -> list[str]:
    if not isinstance(path, str) or (path and not path.startswith("/")):
        raise PatchError(f"invalid JSON pointer: {path!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in path.split("/")[1:]] if path else []


def _index(container: list, token: str, *, allow_end: bool) -> int:
    if token == "-" and allow_end:
        return len(container)
    if not token.isdigit() or (len(token) > 1 and token.startswith("0")):
        raise PatchError(f"invalid array index: {token}")
    index = int(token)
    if index > len(container) or (index == len(container) and not allow_end):
        raise PatchError(f"index out of range: {index}")
    return index


def _parent(doc: object, tokens: list[str]) -> object:
    node = doc
    for token in tokens[:-1]:
        if isinstance(node, dict):
            if token not in node:
                raise PatchError(f"doc is missing path: {token}")
            node = node[token]
        elif isinstance(node, list):
            node = node[_index(node, token, allow_end=False)]
        else:
            raise PatchError(f"doc is missing path: {token}")
    return node


def _get(doc: object, path: object) -> object:
    tokens = _tokens(path)
    if not tokens:
        return doc
    parent = _parent(doc, tokens)
    last = tokens[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"doc is missing key: {path}")
        return parent[last]
    if isinstance(parent, list):
        return parent[_index(parent, last, allow_end=False)]
    raise PatchError(f"doc is missing key: {path}")


def _add(doc: object, path: object, value: object) -> object:
    tokens = _tokens(path)
    if not tokens:
        return value
    parent = _parent(doc, tokens)
    last = tokens[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        parent.insert(_index(parent, last, allow_end=True), value)
    else:
        raise PatchError(f"doc is missing path: {path}")
    return doc


def _remove(doc: object, path: object, *, replacing: bool = False) -> tuple[object, object]:
    tokens = _tokens(path)
    if not tokens:
        raise PatchError("unable to remove the whole document")
    parent = _parent(doc, tokens)
    last = tokens[-1]
    verb = "replace" if replacing else "remove"
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"{verb} operation does not apply: doc is missing key: {path}")
        return doc, parent.pop(last)
    if isinstance(parent, list):
        return doc, parent.pop(_index(parent, last, allow_end=False))
    raise PatchError(f"{verb} operation does not apply: doc is missing path: {path}")
