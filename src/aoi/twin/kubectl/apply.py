"""``kubectl apply -f``: create or update each object of a manifest stream (heredoc on stdin).

Prints ``deployment.apps/x created``, ``configured`` or ``unchanged`` per object, in document
order, and records ``kubectl.kubernetes.io/last-applied-configuration`` as kubectl does. Objects
that fail (unknown kind, namespace mismatch, missing namespace) are reported after the others.
"""

from __future__ import annotations

import copy

from ..errors import TwinError
from ..kinds import BY_KIND
from ..process import CommandResult
from .args import Flag, KubectlError, ParsedArgs, parse_args
from .context import KubectlContext
from .manifests import load_documents, read_source
from .printers.json_yaml import go_json
from .write_support import api_error, check_update, slash_name

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

FLAGS = (
    Flag("filename", ("-f", "--filename"), repeatable=True),
    Flag("recursive", ("-R", "--recursive"), takes_value=False),
    Flag("kustomize", ("-k", "--kustomize")),
    Flag("output", ("-o", "--output")),
    Flag("dry_run", ("--dry-run",)),
    Flag("force", ("--force",), takes_value=False),
    Flag("server_side", ("--server-side",), takes_value=False),
    Flag("validate", ("--validate",)),
    Flag("prune", ("--prune",), takes_value=False),
    Flag("selector", ("-l", "--selector")),
    Flag("record", ("--record",), takes_value=False),
    Flag("overwrite", ("--overwrite",), takes_value=False),
    Flag("save_config", ("--save-config",), takes_value=False),
    Flag("field_manager", ("--field-manager",)),
    Flag("wait", ("--wait",), takes_value=False),
    Flag("timeout", ("--timeout",)),
    Flag("grace_period", ("--grace-period",)),
)


def manifest_objects(ctx: KubectlContext, parsed: ParsedArgs, stdin: str, verb: str) -> tuple[list[dict], str]:
    """The objects of every ``-f``, with namespaces settled as kubectl settles them."""
    sources = parsed.get("filename") or []
    if not sources:
        raise KubectlError(f"error: must specify one of -f and -k\n\nSee 'kubectl {verb} -h' for help and examples")
    files = getattr(ctx, "files", None)
    objects: list[dict] = []
    label = "STDIN"
    for source in sources:
        text, label = read_source(str(source), stdin, files)
        objects.extend(load_documents(text, label))
    if not objects:
        raise KubectlError(f"error: no objects passed to {verb}")
    flag_ns = parsed.get("namespace")
    for obj in objects:
        meta = obj.setdefault("metadata", {})
        rtype = BY_KIND.get(obj["kind"])
        if rtype is None or rtype.api_version != obj["apiVersion"]:
            raise KubectlError(
                f'error: resource mapping not found for name: "{meta.get("name", "")}" namespace: '
                f'"{meta.get("namespace", "")}" from "{label}": no matches for kind "{obj["kind"]}" in version '
                f'"{obj["apiVersion"]}"\nensure CRDs are installed first'
            )
        if not rtype.namespaced:
            meta.pop("namespace", None)
            continue
        if flag_ns and meta.get("namespace") and meta["namespace"] != flag_ns:
            raise KubectlError(
                f'error: the namespace from the provided object "{meta["namespace"]}" does not match the namespace '
                f'"{flag_ns}". You must pass \'--namespace={meta["namespace"]}\' to perform this operation.'
            )
        meta["namespace"] = meta.get("namespace") or flag_ns or ctx.default_namespace
    return objects, label


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "apply")
    objects, label = manifest_objects(ctx, parsed, stdin, "apply")
    out: list[str] = []
    errors: list[str] = []
    dry = " (dry run)" if parsed.get("dry_run") else ""
    for obj in objects:
        try:
            outcome = _apply_one(ctx, obj, label, bool(dry))
        except KubectlError as err:
            errors.append(str(err))
            continue
        out.append(f"{slash_name(obj)} {outcome}{dry}\n")
    return CommandResult("".join(out), "".join(e + "\n" for e in errors), 1 if errors else 0)


def _apply_one(ctx: KubectlContext, obj: dict, label: str, dry_run: bool) -> str:
    # kubectl records the manifest as given, its annotations (minus this one) always present
    manifest = copy.deepcopy(obj)
    annotations = manifest["metadata"].get("annotations") or {}
    annotations.pop(LAST_APPLIED, None)
    manifest["metadata"]["annotations"] = annotations
    meta = obj["metadata"]
    meta.setdefault("annotations", {})[LAST_APPLIED] = go_json(manifest) + "\n"
    current = ctx.cluster.find(obj["kind"], meta["name"], meta.get("namespace"))
    if current is not None:
        proposed = copy.deepcopy(current)
        proposed.update({k: v for k, v in obj.items() if k not in ("metadata", "status")})
        check_update(current, proposed)
    if dry_run:
        return "created" if current is None else "configured"
    try:
        return ctx.cluster.apply(obj)
    except TwinError as err:
        raise api_error(err, f'error when creating "{label}": ' if current is None else "") from err
