"""Writes: POST (create), PUT (replace), PATCH and DELETE, on objects and their subresources.

Every write goes through `Cluster.create`/`update`/`apply`/`delete`, so controllers react as
they do to the emulated kubectl (a deleted pod is re-created by its ReplicaSet, a patched
template rolls out). The API server's rules the twin's `Cluster` leaves to its callers live
here: the namespace in the path wins, ``status`` is the status subresource's alone, the
``resourceVersion`` of a body is a precondition (409 Conflict), updates go through the same
immutability checks as the emulator's (`aoi.twin.kubectl.write_support.update_violation`), a
write that changes nothing stores nothing (so kubectl prints ``patched (no change)``), and
``dryRun=All`` answers without storing.
"""

from __future__ import annotations

import copy
import re

from starlette.responses import Response

from ..defaults import apply_defaults
from ..errors import TwinError
from ..kinds import BY_KIND, ResourceType
from ..kubectl.write_support import update_violation
from .call import ApiCall
from .objects import select
from .patching import APPLY, apply_patch, check_patch_type, decode_patch
from .paths import SUBRESOURCES
from .protobuf import ProtobufError, decode_object
from .scale import replicas_from_scale, scale_of
from .session import ServedTwin
from .status import (
    ApiError,
    already_exists,
    bad_request,
    conflict,
    from_twin_error,
    invalid,
    method_not_allowed,
    not_found,
    success,
    unsupported_media_type,
)
from .wire import decode_body, json_response

__all__ = ["create", "delete", "patch", "replace"]

_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_NAME_RULE = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
              "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
              "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
_PROTECTED_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
_BODY_TYPES = ("application/json", "application/yaml", "")
PROTOBUF = "application/vnd.kubernetes.protobuf"


# ------------------------------------------------------------------ bodies
def _body(call: ApiCall, *, yaml_ok: bool = False) -> object:
    """The decoded body of a create/replace/delete: JSON, YAML, or the protobuf of the kinds
    kubectl's generators create (`protobuf.py`); 415 for anything else."""
    if call.media_type == PROTOBUF:
        try:
            return decode_object(call.body)
        except ProtobufError as err:
            raise unsupported_media_type(_BODY_TYPES[:2], f"; {err}") from None
    if call.media_type not in _BODY_TYPES and not (yaml_ok and call.media_type == APPLY):
        raise unsupported_media_type(_BODY_TYPES[:2])
    return decode_body(call.body, yaml_ok=yaml_ok or call.media_type == "application/yaml")


def _manifest(call: ApiCall, *, yaml_ok: bool = False) -> dict:
    """The request body as an object of the target's type, its namespace checked against the path."""
    rtype, target = call.target.rtype, call.target
    obj = _body(call, yaml_ok=yaml_ok)
    if not isinstance(obj, dict):
        raise bad_request("the body of the request was not a JSON object")
    obj.setdefault("kind", rtype.kind)
    obj.setdefault("apiVersion", rtype.api_version)
    if obj["kind"] != rtype.kind or obj["apiVersion"] != rtype.api_version:
        raise bad_request(f'{obj["kind"]} in version "{obj["apiVersion"]}" cannot be handled as a {rtype.kind}: '
                          f"the object's kind or apiVersion does not match the request path")
    meta = obj.setdefault("metadata", {})
    if not isinstance(meta, dict):
        raise bad_request("metadata: the body's metadata is not an object")
    if rtype.namespaced:
        if meta.get("namespace") and meta["namespace"] != target.namespace:
            raise bad_request("the namespace of the provided object does not match the namespace sent on the request")
        meta["namespace"] = target.namespace
    else:
        meta.pop("namespace", None)
    return obj


def _has_status_subresource(rtype: ResourceType) -> bool:
    return "status" in SUBRESOURCES.get(rtype.plural, ())


def _validate_new(obj: dict) -> None:
    kind, meta = obj["kind"], obj["metadata"]
    name = meta.get("name") or ""
    if not name and not meta.get("generateName"):
        raise invalid(kind, "", "metadata.name", "Required value: name or generateName is required")
    if name and not _NAME.fullmatch(name):
        raise invalid(kind, name, "metadata.name", f'Invalid value: "{name}": {_NAME_RULE}')
    spec = obj.get("spec")
    if kind == "Pod" and not (spec or {}).get("containers"):
        raise invalid(kind, name, "spec.containers", "Required value")
    if kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet") and not (spec or {}).get("selector"):
        raise invalid(kind, name, "spec.selector", "Required value")


# ------------------------------------------------------------------ create
def create(twin: ServedTwin, call: ApiCall) -> Response:
    target = call.target
    if target.name is not None or (target.rtype.namespaced and target.namespace is None):
        raise method_not_allowed()
    obj = _manifest(call)
    if obj["metadata"].get("resourceVersion"):
        raise bad_request("resourceVersion should not be set on objects to be created")
    if _has_status_subresource(target.rtype):
        obj.pop("status", None)
    _validate_new(obj)
    with twin.lock:
        return json_response(_create(twin, obj, dry_run=call.dry_run), 201)


def _create(twin: ServedTwin, obj: dict, *, dry_run: bool) -> dict:
    cluster, meta = twin.cluster, obj["metadata"]
    if dry_run:
        if meta.get("namespace") and cluster.find("Namespace", meta["namespace"]) is None:
            raise not_found(BY_KIND["Namespace"], meta["namespace"])
        if meta.get("name") and cluster.find(obj["kind"], meta["name"], meta.get("namespace")) is not None:
            raise already_exists(BY_KIND[obj["kind"]], meta["name"])
        apply_defaults(obj)
        meta["creationTimestamp"] = cluster.clock.rfc3339()
        return obj
    try:
        return cluster.create(obj)
    except TwinError as err:
        raise from_twin_error(err) from err


# ----------------------------------------------------------------- replace
def replace(twin: ServedTwin, call: ApiCall) -> Response:
    target = call.target
    if target.name is None:
        raise method_not_allowed()
    body = _manifest(call) if target.subresource != "scale" else _body(call)
    if target.subresource != "scale" and body["metadata"].get("name") != target.name:
        raise bad_request(f"the name of the object ({body['metadata'].get('name')}) does not match the name on "
                          f"the URL ({target.name})")
    with twin.lock:
        current = _current(twin, call)
        return _store(twin, call, current, _changed(call, current, body))


# ------------------------------------------------------------------- patch
def patch(twin: ServedTwin, call: ApiCall) -> Response:
    target = call.target
    if target.name is None:
        raise method_not_allowed()
    check_patch_type(call.media_type, target.rtype)
    if call.media_type == APPLY:
        return _server_side_apply(twin, call)
    with twin.lock:
        current = _current(twin, call)  # the server reads the object before it decodes the patch
        body = decode_patch(call.media_type, call.body)
        document = scale_of(current) if target.subresource == "scale" else current
        patched = apply_patch(call.media_type, document, body)
        return _store(twin, call, current, _changed(call, current, patched))


def _server_side_apply(twin: ServedTwin, call: ApiCall) -> Response:
    """``kubectl apply --server-side``: create, or merge the manifest's fields into the live object."""
    if not call.query.get("fieldManager"):
        raise invalid("PatchOptions", "", "fieldManager", "Required value: is required for apply patch",
                      group="meta.k8s.io")
    if call.target.subresource is not None:
        raise method_not_allowed()
    obj = _manifest(call, yaml_ok=True)
    obj["metadata"].setdefault("name", call.target.name)
    with twin.lock:
        current = twin.cluster.find(call.target.rtype.kind, call.target.name, call.target.namespace)
        if current is None:
            _validate_new(obj)
            return json_response(_create(twin, obj, dry_run=call.dry_run), 201)
        if call.dry_run:
            return json_response(current)
        try:
            twin.cluster.apply(obj)
        except TwinError as err:
            raise from_twin_error(err) from err
        return json_response(_current(twin, call))


# ------------------------------------------------------------------ shared
def _current(twin: ServedTwin, call: ApiCall) -> dict:
    target = call.target
    obj = twin.cluster.find(target.rtype.kind, target.name, target.namespace)
    if obj is None:
        raise not_found(target.rtype, target.name or "")
    return obj


def _changed(call: ApiCall, current: dict, body: dict) -> dict:
    """The object to store: ``body`` on the main resource, its status or replicas on a subresource."""
    sub = call.target.subresource
    version = (body.get("metadata") or {}).get("resourceVersion") if isinstance(body, dict) else None
    if version and version != current["metadata"].get("resourceVersion"):
        raise conflict(call.target.rtype, current["metadata"]["name"])
    new = copy.deepcopy(current) if sub else copy.deepcopy(body)
    if sub == "scale":
        replicas = replicas_from_scale(body)
        if replicas is None or replicas < 0:
            raise invalid("Scale", current["metadata"]["name"], "spec.replicas",
                          f"Invalid value: {replicas}: must be greater than or equal to 0")
        new.setdefault("spec", {})["replicas"] = replicas
    elif sub == "status":
        new["status"] = copy.deepcopy(body.get("status"))
    elif _has_status_subresource(call.target.rtype):
        new.pop("status", None)
        if "status" in current:
            new["status"] = copy.deepcopy(current["status"])
    for field in ("kind", "apiVersion"):
        new[field] = current[field]
    meta = new.setdefault("metadata", {})
    for field in ("name", "namespace", "uid", "creationTimestamp", "resourceVersion", "generation"):
        if field in current["metadata"]:
            meta[field] = current["metadata"][field]
    return new


def _store(twin: ServedTwin, call: ApiCall, current: dict, new: dict) -> Response:
    """Validate and store ``new`` unless it equals ``current``; answer the object (or its Scale)."""
    apply_defaults(new)  # before comparing: a body may leave out what the server defaults
    violation = update_violation(current, new)
    if violation is not None:
        raise from_twin_error(violation)
    if new == current:
        stored = current  # nothing to write: the resourceVersion stays, as for a no-op on the real server
    elif call.dry_run:
        stored = new
    else:
        try:
            stored = twin.cluster.update(new)
        except TwinError as err:
            raise from_twin_error(err) from err
    return json_response(scale_of(stored) if call.target.subresource == "scale" else stored)


# ------------------------------------------------------------------ delete
def delete(twin: ServedTwin, call: ApiCall) -> Response:
    target = call.target
    if target.subresource is not None:
        raise method_not_allowed()
    options = _delete_options(call)
    with twin.lock:
        if target.name is None:
            doomed = select(twin, call)
            for obj in doomed:
                _delete_one(twin, call, obj, options)
            items = [{k: v for k, v in o.items() if k not in ("kind", "apiVersion")} for o in doomed]
            return json_response({"kind": f"{target.rtype.kind}List", "apiVersion": target.rtype.api_version,
                                  "metadata": {}, "items": items})
        obj = _current(twin, call)
        return json_response(_delete_one(twin, call, obj, options))


def _delete_options(call: ApiCall) -> dict:
    options = _body(call) if call.body.strip() else {}
    if not isinstance(options, dict):
        raise bad_request("the body of the request was not a DeleteOptions object")
    for key in ("gracePeriodSeconds", "propagationPolicy"):
        if call.query.get(key) is not None:
            options[key] = call.query[key]
    return options


def _delete_one(twin: ServedTwin, call: ApiCall, obj: dict, options: dict) -> dict:
    rtype, meta = call.target.rtype, obj["metadata"]
    preconditions = options.get("preconditions") or {}
    for field in ("uid", "resourceVersion"):
        if preconditions.get(field) and preconditions[field] != meta.get(field):
            raise conflict(rtype, meta["name"])
    if obj["kind"] == "Namespace" and meta["name"] in _PROTECTED_NAMESPACES:
        raise ApiError(403, "Forbidden", f'namespaces "{meta["name"]}" is forbidden: this namespace may not be '
                       "deleted", {"name": meta["name"], "kind": "namespaces"})
    if not call.dry_run:
        if options.get("propagationPolicy") == "Orphan":
            _orphan_dependents(twin, obj)
        try:
            twin.cluster.delete(obj["kind"], meta["name"], meta.get("namespace"))
        except TwinError as err:
            raise from_twin_error(err) from err
    if obj["kind"] != "Pod":
        return success(rtype, obj)
    # A pod is deleted gracefully: the server answers the pod, marked for deletion.
    grace = int(options.get("gracePeriodSeconds", obj.get("spec", {}).get("terminationGracePeriodSeconds", 30)))
    answer = copy.deepcopy(obj)
    answer["metadata"]["deletionTimestamp"] = twin.cluster.clock.rfc3339(twin.cluster.clock.now + grace)
    answer["metadata"]["deletionGracePeriodSeconds"] = grace
    return answer


def _orphan_dependents(twin: ServedTwin, owner: dict) -> None:
    """``propagationPolicy=Orphan``: dependents lose their owner reference instead of being deleted."""
    uid, namespace = owner["metadata"]["uid"], owner["metadata"].get("namespace")
    for kind in ("ReplicaSet", "Pod", "Job"):
        for obj in twin.cluster.list(kind, namespace):
            refs = obj["metadata"].get("ownerReferences") or []
            if any(ref.get("uid") == uid for ref in refs):
                orphan = copy.deepcopy(obj)
                orphan["metadata"]["ownerReferences"] = [r for r in refs if r.get("uid") != uid]
                twin.cluster.update(orphan)
