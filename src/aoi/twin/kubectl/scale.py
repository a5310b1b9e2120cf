"""``kubectl scale``: set ``spec.replicas`` of deployments, replica sets and stateful sets.

``--current-replicas`` is a precondition checked against ``spec.replicas``; kubectl prints
``deployment.apps/x scaled`` even when the count was already the requested one.
"""

from __future__ import annotations

from ..process import CommandResult
from .args import Flag, KubectlError, parse_args, usage_error
from .context import KubectlContext
from .write_support import resolve, slash_name, write_copy

FLAGS = (
    Flag("replicas", ("--replicas",)),
    Flag("current_replicas", ("--current-replicas",)),
    Flag("resource_version", ("--resource-version",)),
    Flag("selector", ("-l", "--selector")),
    Flag("all", ("--all",), takes_value=False),
    Flag("filename", ("-f", "--filename")),
    Flag("output", ("-o", "--output")),
    Flag("dry_run", ("--dry-run",)),
    Flag("timeout", ("--timeout",)),
    Flag("record", ("--record",), takes_value=False),
)

_SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet")


def _int_flag(parsed, key: str, name: str) -> int | None:
    raw = parsed.get(key)
    if raw is None:
        return None
    try:
        return int(str(raw))
    except ValueError:
        raise usage_error(f'invalid argument "{raw}" for "--{name}" flag: strconv.ParseInt: parsing "{raw}": '
                          "invalid syntax", "scale") from None


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "scale")
    replicas = _int_flag(parsed, "replicas", "replicas")
    current = _int_flag(parsed, "current_replicas", "current-replicas")
    if replicas is None or replicas < 0:
        raise KubectlError("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    found = resolve(ctx, parsed)
    if not found.objects:
        # kubectl 1.32 appends the lookup error (an aggregate of several is bracketed) to its own
        reasons = [e.removeprefix("Error from server (NotFound): ") for e in found.errors]
        detail = "" if not reasons else " " + (reasons[0] if len(reasons) == 1 else f"[{', '.join(reasons)}]")
        raise KubectlError(f"error: no objects passed to scale{detail}")
    out: list[str] = []
    for obj in found.objects:
        if obj["kind"] not in _SCALABLE:
            raise KubectlError("Error from server (NotFound): the server could not find the requested resource")
        spec_replicas = int((obj.get("spec") or {}).get("replicas", 1))
        if current is not None and current != spec_replicas:
            raise KubectlError(f"error: Expected replicas to be {current}, was {spec_replicas}")
        if not parsed.get("dry_run"):
            write_copy(ctx, obj, lambda o: o["spec"].__setitem__("replicas", replicas))
        out.append(f"{slash_name(obj)} scaled{' (dry run)' if parsed.get('dry_run') else ''}\n")
    stderr = "".join(e + "\n" for e in found.errors)
    return CommandResult("".join(out), stderr, 1 if found.errors else 0)
