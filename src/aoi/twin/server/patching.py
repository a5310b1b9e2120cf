"""PATCH bodies by Content-Type, applied with the emulator's own patch logic.

``application/strategic-merge-patch+json`` (kubectl's default; lists merged by their keys,
e.g. containers by name), ``application/merge-patch+json`` (RFC 7386) and
``application/json-patch+json`` (RFC 6902) all go through `aoi.twin.kubectl.patch_merge` and
`patch_json`, so ``kubectl patch`` means the same against the served twin as in the emulator.
``application/apply-patch+yaml`` (server-side apply) is handled by `writes.py`.
"""

from __future__ import annotations

import json

from ..kinds import ResourceType
from ..kubectl.json_syntax import go_json_error
from ..kubectl.patch_json import apply_json_patch
from ..kubectl.patch_merge import PatchError, json_merge_patch, strategic_merge_patch
from .status import ApiError, bad_request, unsupported_media_type

__all__ = ["APPLY", "PATCH_TYPES", "apply_patch", "check_patch_type", "decode_patch"]

STRATEGIC = "application/strategic-merge-patch+json"
MERGE = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
APPLY = "application/apply-patch+yaml"
PATCH_TYPES = (JSON_PATCH, MERGE, APPLY, STRATEGIC)
_REJECTED = "the server rejected our request due to an error in our request"


def _has_go_schema(rtype: ResourceType) -> bool:
    """Strategic merge needs the type's compiled-in schema: core, apps, batch and *.k8s.io only."""
    return rtype.group in ("", "apps", "batch") or rtype.group.endswith(".k8s.io")


def check_patch_type(media_type: str, rtype: ResourceType) -> None:
    """415 for a media type the resource cannot be patched with."""
    if media_type not in PATCH_TYPES:
        raise unsupported_media_type(PATCH_TYPES)
    if media_type == STRATEGIC and not _has_go_schema(rtype):
        raise unsupported_media_type((JSON_PATCH, MERGE, APPLY))


def decode_patch(media_type: str, raw: bytes) -> object:
    """The patch body as JSON; what does not parse gets Go's syntax error, as the real server's
    decoder words it (a merge patch: json-patch's ``Invalid JSON Patch``)."""
    text = raw.decode("utf-8", errors="replace")
    error = go_json_error(text)
    if error is not None:
        raise bad_request("Invalid JSON Patch" if media_type == MERGE else error)
    return json.loads(text)


def apply_patch(media_type: str, document: dict, patch: object) -> dict:
    """``document`` with ``patch`` applied; the API server's errors for patches that cannot apply."""
    try:
        if media_type == JSON_PATCH:
            patched = apply_json_patch(document, patch)
        elif not isinstance(patch, dict):
            kind = "array" if isinstance(patch, list) else "string"
            raise bad_request(f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}")
        elif media_type == MERGE:
            patched = json_merge_patch(document, patch)
        else:
            patched = strategic_merge_patch(document, patch)
    except PatchError as err:
        if media_type == JSON_PATCH:
            # The server's message for an RFC 6902 operation that does not apply; kubectl prints
            # "The request is invalid: the server rejected our request due to an error in our request".
            raise ApiError(422, "Invalid", _REJECTED) from err
        raise ApiError(500, "", str(err)) from err
    if not isinstance(patched, dict):
        raise ApiError(422, "Invalid", _REJECTED)
    return patched
