"""``kubectl delete``: by name, ``-l``, ``--all`` or ``-f -``; pods, workloads, namespaces, anything.

Lines follow kubectl 1.32: ``pod "geo-abc" deleted``, ``deployment.apps "geo" deleted``, and
with ``--force --grace-period=0`` a warning on stderr and ``pod "x" force deleted``. Deletion
garbage-collects owned objects at once (the twin has no terminating phase), so a deleted pod's
ReplicaSet creates its replacement before the command returns, as it does within a second on a
real cluster.
"""

from __future__ import annotations

from ..errors import TwinError
from ..kinds import BY_KIND
from ..process import CommandResult
from .args import Flag, KubectlError, parse_args
from .context import KubectlContext
from .manifests import load_documents, read_source
from .write_support import Found, api_error, kind_label, quoted_name, resolve, slash_name

FLAGS = (
    Flag("selector", ("-l", "--selector")),
    Flag("all", ("--all",), takes_value=False),
    Flag("all_namespaces", ("-A", "--all-namespaces"), takes_value=False),
    Flag("filename", ("-f", "--filename")),
    Flag("grace_period", ("--grace-period",)),
    Flag("force", ("--force",), takes_value=False),
    Flag("now", ("--now",), takes_value=False),
    Flag("wait", ("--wait",), takes_value=False),
    Flag("ignore_not_found", ("--ignore-not-found",), takes_value=False),
    Flag("cascade", ("--cascade",)),
    Flag("output", ("-o", "--output")),
    Flag("timeout", ("--timeout",)),
    Flag("field_selector", ("--field-selector",)),
    Flag("dry_run", ("--dry-run",)),
    Flag("recursive", ("-R", "--recursive"), takes_value=False),
)

FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.\n")
_PROTECTED_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "delete")
    grace = parsed.get("grace_period")
    force = bool(parsed.get("force"))
    if force and grace not in (None, "0", "1") and int(str(grace)) > 0:
        raise KubectlError("error: --force and --grace-period greater than 0 cannot be specified together")
    if parsed.get("filename"):
        found = _from_manifests(ctx, parsed, stdin)
    else:
        found = resolve(ctx, parsed, ignore_not_found=bool(parsed.get("ignore_not_found")))
    immediate = force and grace in (None, "0")
    out: list[str] = []
    errors = list(found.errors)
    for obj in found.objects:
        try:
            out.append(_delete_one(ctx, obj, immediate, str(parsed.get("output") or ""), bool(parsed.get("dry_run"))))
        except KubectlError as err:
            errors.append(str(err))
    if not found.objects and not found.errors and not parsed.get("ignore_not_found"):
        out.append("No resources found\n")
    stderr = (FORCE_WARNING if immediate else "") + "".join(e + "\n" for e in errors)
    return CommandResult("".join(out), stderr, 1 if errors else 0)


def _delete_one(ctx: KubectlContext, obj: dict, immediate: bool, output: str, dry_run: bool) -> str:
    kind, meta = obj["kind"], obj["metadata"]
    if kind == "Namespace" and meta["name"] in _PROTECTED_NAMESPACES:
        raise KubectlError(f'Error from server (Forbidden): namespaces "{meta["name"]}" is forbidden: '
                           "this namespace may not be deleted")
    if not dry_run:
        try:
            ctx.cluster.delete(kind, meta["name"], meta.get("namespace"))
        except TwinError as err:
            raise api_error(err) from err
    if output == "name":
        return slash_name(obj) + "\n"
    verb = "force deleted" if immediate else "deleted"
    return f"{quoted_name(obj)} {verb}{' (dry run)' if dry_run else ''}\n"


def _from_manifests(ctx: KubectlContext, parsed, stdin: str) -> Found:
    text, label = read_source(str(parsed.get("filename")), stdin, getattr(ctx, "files", None))
    default_ns = str(parsed.get("namespace") or ctx.default_namespace)
    found = Found([], [])
    for doc in load_documents(text, label):
        rtype = BY_KIND.get(doc["kind"])
        name = (doc.get("metadata") or {}).get("name", "")
        namespace = (doc.get("metadata") or {}).get("namespace") or default_ns
        obj = ctx.cluster.find(doc["kind"], name, namespace if rtype is None or rtype.namespaced else None)
        if obj is not None:
            found.objects.append(obj)
        elif not parsed.get("ignore_not_found"):
            found.errors.append(f'Error from server (NotFound): error when deleting "{label}": '
                                f'{kind_label(doc["kind"])} "{name}" not found')
    return found
