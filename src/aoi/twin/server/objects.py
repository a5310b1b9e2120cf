"""Reads: GET of one object, of a collection (one namespace or all), and of ``status``.

Collections honour ``labelSelector`` and ``fieldSelector`` (parsed by the emulator's
`aoi.twin.kubectl.selectors`, so the same fields are selectable), and ``limit`` with an opaque
``continue`` token. Every answer is JSON in the representation the ``Accept`` header asks for:
the object or ``<Kind>List`` (items without kind/apiVersion, as the real server sends them), a
meta.k8s.io Table (`tables.py`), or PartialObjectMetadata(List). ``watch`` streams events
(`watch.py`).
"""

from __future__ import annotations

import base64
import binascii

from starlette.responses import Response

from ..kubectl.args import KubectlError
from ..kubectl.selectors import parse_field_selector, parse_label_selector
from .call import ApiCall
from .media import Representation, negotiate
from .scale import scale_of
from .session import ServedTwin
from .status import ApiError, bad_request, not_found
from .tables import table
from .watch import watch
from .wire import json_response

__all__ = ["read", "resource_version", "select"]

_REPRESENTATIONS = ("Table", "PartialObjectMetadata", "PartialObjectMetadataList")


def read(twin: ServedTwin, call: ApiCall) -> Response:
    """Answer a GET on a resource path (the log and exec subresources have their own handlers)."""
    if call.flag("watch"):
        return watch(twin, call)
    rep = negotiate(call.accept, _REPRESENTATIONS)
    target = call.target
    with twin.lock:
        if target.name is None:
            return _collection(twin, call, rep)
        obj = twin.cluster.find(target.rtype.kind, target.name, target.namespace)
        if obj is None:
            raise not_found(target.rtype, target.name)
        if target.subresource == "scale":
            return json_response(scale_of(obj))
        if rep.as_kind == "Table":
            body = table(target.rtype, [obj], twin.cluster.clock.now, rep, include=_include(call),
                         resource_version=obj["metadata"].get("resourceVersion", ""))
            return json_response(body, content_type=rep.content_type)
        if rep.as_kind.startswith("PartialObjectMetadata"):
            return json_response(_partial(obj, rep), content_type=rep.content_type)
        return json_response(obj)


def _include(call: ApiCall) -> str:
    return call.query.get("includeObject") or "Metadata"


def _partial(obj: dict, rep: Representation) -> dict:
    return {"kind": "PartialObjectMetadata", "apiVersion": rep.api_version, "metadata": obj["metadata"]}


def _collection(twin: ServedTwin, call: ApiCall, rep: Representation) -> Response:
    rtype = call.target.rtype
    objects = select(twin, call)
    page, next_token, remaining = _page(objects, call)
    version = resource_version(twin)
    if rep.as_kind == "Table":
        body = table(rtype, page, twin.cluster.clock.now, rep, include=_include(call), resource_version=version)
    elif rep.as_kind.startswith("PartialObjectMetadata"):
        rep = Representation("PartialObjectMetadataList", rep.group, rep.version)
        body = {"kind": "PartialObjectMetadataList", "apiVersion": rep.api_version,
                "metadata": {"resourceVersion": version}, "items": [_partial(o, rep) for o in page]}
    else:
        items = [{k: v for k, v in o.items() if k not in ("kind", "apiVersion")} for o in page]
        body = {"kind": f"{rtype.kind}List", "apiVersion": rtype.api_version,
                "metadata": {"resourceVersion": version}, "items": items}
    if next_token:
        body["metadata"].update({"continue": next_token, "remainingItemCount": remaining})
    return json_response(body, content_type=rep.content_type)


def select(twin: ServedTwin, call: ApiCall) -> list[dict]:
    """The collection's objects that match the call's label and field selectors."""
    target = call.target
    try:
        labels = parse_label_selector(call.query.get("labelSelector"))
        fields = parse_field_selector(call.query.get("fieldSelector"))
    except KubectlError as err:
        raise bad_request(str(err).removeprefix("error: ")) from None
    if fields is not None:
        unsupported = fields.unsupported(target.rtype)
        if unsupported is not None:
            raise bad_request(f"field label not supported: {unsupported}")
    objects = twin.cluster.list(target.rtype.kind, target.namespace)
    return [o for o in objects
            if (labels is None or labels.matches(o["metadata"].get("labels")))
            and (fields is None or fields.matches(o))]


def _page(objects: list[dict], call: ApiCall) -> tuple[list[dict], str, int]:
    """(this page, the continue token or "", how many items remain after it)."""
    start = 0
    token = call.query.get("continue")
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode())
        except (ValueError, binascii.Error):
            raise ApiError(410, "Expired", "The provided continue parameter is too old to display a consistent "
                           "list result. You can start a new list without the continue parameter.") from None
    limit_text = call.query.get("limit") or "0"
    try:
        limit = int(limit_text)
    except ValueError:
        raise bad_request(f'limit: Invalid value: "{limit_text}": must be an integer') from None
    if limit <= 0 or start + limit >= len(objects):
        return objects[start:], "", 0
    end = start + limit
    return objects[start:end], base64.urlsafe_b64encode(str(end).encode()).decode(), len(objects) - end


def resource_version(twin: ServedTwin) -> str:
    """The newest resourceVersion in the store: a list's version, as etcd's revision would be."""
    store = twin.cluster.store
    newest = max((int(o["metadata"].get("resourceVersion") or 0) for kind in list(store.kinds())
                  for o in store.list(kind)), default=0)
    return str(newest)
