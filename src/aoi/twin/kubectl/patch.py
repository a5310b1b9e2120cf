"""``kubectl patch``: strategic merge (the default), JSON merge and JSON (RFC 6902) patches.

Prints ``deployment.apps/geo patched``, or ``... patched (no change)`` when the result equals the
stored object. A patch that does not parse fails before contacting the server (``error: unable
to parse``); a JSON patch whose operation cannot apply is rejected by the server with ``The
request is invalid``; a strategic patch of a custom resource is refused as kubectl's server does.
"""

from __future__ import annotations

from ..kinds import BY_KIND
from ..process import CommandResult
from .args import Flag, KubectlError, parse_args
from .context import KubectlContext
from .manifests import MalformedJSON, parse_patch_text
from .patch_json import apply_json_patch
from .patch_merge import PatchError, json_merge_patch, strategic_merge_patch
from .write_support import resolve, slash_name, write_copy

FLAGS = (
    Flag("patch", ("-p", "--patch")),
    Flag("type", ("--type",), default="strategic"),
    Flag("patch_file", ("--patch-file",)),
    Flag("filename", ("-f", "--filename")),
    Flag("dry_run", ("--dry-run",)),
    Flag("output", ("-o", "--output")),
    Flag("local", ("--local",), takes_value=False),
    Flag("subresource", ("--subresource",)),
    Flag("field_manager", ("--field-manager",)),
    Flag("record", ("--record",), takes_value=False),
)

_TYPES = ("json", "merge", "strategic")
_INVALID = "The request is invalid: the server rejected our request due to an error in our request"
_BUILTIN_GROUPS = ("", "apps", "batch", "networking.k8s.io", "storage.k8s.io")


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "patch")
    kind = str(parsed.get("type"))
    if kind not in _TYPES:
        raise KubectlError(f'error: --type must be one of [json merge strategic], not "{kind}"')
    if parsed.get("patch_file"):
        raise KubectlError(f"error: unable to read patch file: open {parsed.get('patch_file')}: "
                           "no such file or directory")
    text = parsed.get("patch")
    if not text:
        raise KubectlError("error: must specify --patch or --patch-file containing the contents of the patch")
    if parsed.get("filename"):
        raise KubectlError(f'error: the path "{parsed.get("filename")}" does not exist')
    patch = parse_patch_text(str(text))
    found = resolve(ctx, parsed, selector_ok=False)
    out: list[str] = []
    for obj in found.objects:
        out.append(_patch_one(ctx, obj, kind, patch, dry_run=bool(parsed.get("dry_run"))))
    stderr = "".join(e + "\n" for e in found.errors)
    return CommandResult("".join(out), stderr, 1 if found.errors else 0)


def _patch_one(ctx: KubectlContext, obj: dict, kind: str, patch: object, *, dry_run: bool) -> str:
    rtype = BY_KIND.get(obj["kind"])
    if kind == "strategic" and rtype is not None and rtype.group not in _BUILTIN_GROUPS:
        raise KubectlError(
            "Error from server (UnsupportedMediaType): the body of the request was in an unknown format - "
            "accepted media types include: application/json-patch+json, application/merge-patch+json, "
            "application/apply-patch+yaml"
        )
    patched = _patched(obj, kind, patch)
    if not isinstance(patched, dict):
        raise KubectlError(_INVALID)
    for field in ("kind", "apiVersion"):
        patched[field] = obj[field]
    patched.setdefault("metadata", {})
    for field in ("name", "namespace"):
        if field in obj["metadata"]:
            patched["metadata"][field] = obj["metadata"][field]
    suffix = " (dry run)" if dry_run else ""
    if dry_run:
        changed = patched != obj
    else:
        _, changed = write_copy(ctx, obj, lambda o: _replace_contents(o, patched))
    return f"{slash_name(obj)} patched{'' if changed else ' (no change)'}{suffix}\n"


def _patched(obj: dict, kind: str, patch: object) -> object:
    if isinstance(patch, MalformedJSON):
        # the server decodes the patch only once it has the object: a missing one is NotFound first
        reason = "Invalid JSON Patch" if kind == "merge" else patch.message
        raise KubectlError(f"Error from server (BadRequest): {reason}")
    try:
        if kind == "json":
            return apply_json_patch(obj, patch)
        if not isinstance(patch, dict):
            raise KubectlError("Error from server (BadRequest): json: cannot unmarshal "
                               f"{'array' if isinstance(patch, list) else 'string'} into Go value of type "
                               "map[string]interface {}")
        if kind == "merge":
            return json_merge_patch(obj, patch)
        return strategic_merge_patch(obj, patch)
    except PatchError as err:
        if kind == "json":
            raise KubectlError(_INVALID) from err
        raise KubectlError(f"Error from server: {err}") from err


def _replace_contents(target: dict, source: dict) -> None:
    target.clear()
    target.update(source)
