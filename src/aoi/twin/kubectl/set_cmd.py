"""``kubectl set image | env | resources``: edit containers of a workload's pod template.

Success lines are ``deployment.apps/geo image updated``, ``... env updated`` and ``... resource
requirements updated``; when nothing changes kubectl prints nothing at all and exits 0.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable

from ..process import CommandResult
from .args import Flag, KubectlError, ParsedArgs, parse_args
from .context import KubectlContext
from .write_support import resolve, slash_name, write_copy

_COMMON = (
    Flag("selector", ("-l", "--selector")),
    Flag("all", ("--all",), takes_value=False),
    Flag("filename", ("-f", "--filename")),
    Flag("output", ("-o", "--output")),
    Flag("dry_run", ("--dry-run",)),
    Flag("local", ("--local",), takes_value=False),
    Flag("record", ("--record",), takes_value=False),
)
_ENV_FLAGS = (
    *_COMMON,
    Flag("containers", ("-c", "--containers"), default="*"),
    Flag("env", ("-e", "--env"), repeatable=True),
    Flag("list", ("--list",), takes_value=False),
    Flag("overwrite", ("--overwrite",), takes_value=False),
    Flag("from", ("--from",)),
)
_RESOURCE_FLAGS = (
    *_COMMON,
    Flag("containers", ("-c", "--containers"), default="*"),
    Flag("limits", ("--limits",)),
    Flag("requests", ("--requests",)),
)

Edit = Callable[[dict], None]


def pod_spec(obj: dict) -> dict:
    """The pod spec inside a workload (or the pod's own spec)."""
    if obj["kind"] == "Pod":
        return obj.setdefault("spec", {})
    return obj.setdefault("spec", {}).setdefault("template", {}).setdefault("spec", {})


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    if not argv or argv[0].startswith("-"):
        raise KubectlError('error: Unexpected args: []\nSee \'kubectl set -h\' for help and examples')
    sub, rest = argv[0], argv[1:]
    if sub == "image":
        return _image(ctx, rest)
    if sub == "env":
        return _env(ctx, rest)
    if sub == "resources":
        return _resources(ctx, rest)
    raise KubectlError(f'error: unknown command "{sub}" for "kubectl set"')


def _apply(ctx: KubectlContext, parsed: ParsedArgs, targets: list[str], edit: Edit, what: str) -> CommandResult:
    found = resolve(ctx, parsed, targets)
    out: list[str] = []
    for obj in found.objects:
        if parsed.get("dry_run"):
            out.append(f"{slash_name(obj)} {what} (dry run)\n")
            continue
        _, changed = write_copy(ctx, obj, edit)
        if changed:
            out.append(f"{slash_name(obj)} {what}\n")
    stderr = "".join(e + "\n" for e in found.errors)
    return CommandResult("".join(out), stderr, 1 if found.errors else 0)


def _split(positionals: list[str], is_change: Callable[[str], bool]) -> tuple[list[str], list[str]]:
    targets = [p for p in positionals if not is_change(p)]
    changes = [p for p in positionals if is_change(p)]
    return targets, changes


# ---------------------------------------------------------------------------- image
def _image(ctx: KubectlContext, argv: list[str]) -> CommandResult:
    parsed = parse_args(argv, _COMMON, "set image")
    targets, changes = _split(parsed.positionals, lambda p: "=" in p)
    if not changes:
        raise KubectlError("error: at least one image update is required")
    images = dict(change.split("=", 1) for change in changes)

    def edit(obj: dict) -> None:
        spec = pod_spec(obj)
        containers = [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]
        for name, image in images.items():
            matched = [c for c in containers if name == "*" or c.get("name") == name]
            if not matched:
                raise KubectlError(f'error: unable to find container named "{name}"')
            for container in matched:
                container["image"] = image

    return _apply(ctx, parsed, targets, edit, "image updated")


# ---------------------------------------------------------------------------- env
def _env(ctx: KubectlContext, argv: list[str]) -> CommandResult:
    parsed = parse_args(argv, _ENV_FLAGS, "set env")
    targets, changes = _split(parsed.positionals, lambda p: "=" in p or (p.endswith("-") and "/" not in p))
    changes += list(parsed.get("env") or [])
    pattern = str(parsed.get("containers"))
    if parsed.get("list"):
        return _list_env(ctx, parsed, targets, pattern)
    if parsed.get("from"):
        raise KubectlError("error: --from is not supported by the twin; pass KEY=VALUE pairs instead")
    if not changes:
        raise KubectlError("error: at least one environment variable must be provided")
    sets = [c.split("=", 1) for c in changes if "=" in c]
    removals = [c[:-1] for c in changes if "=" not in c]

    def edit(obj: dict) -> None:
        for container in _containers(obj, pattern):
            env = list(container.get("env") or [])
            for key, value in sets:
                existing = next((e for e in env if e.get("name") == key), None)
                if existing is None:
                    env.append({"name": key, "value": value})
                else:
                    existing.clear()
                    existing.update({"name": key, "value": value})
            env = [e for e in env if e.get("name") not in removals]
            if env:
                container["env"] = env
            else:
                container.pop("env", None)

    return _apply(ctx, parsed, targets, edit, "env updated")


def _list_env(ctx: KubectlContext, parsed: ParsedArgs, targets: list[str], pattern: str) -> CommandResult:
    found = resolve(ctx, parsed, targets)
    lines: list[str] = []
    for obj in found.objects:
        name = obj["metadata"]["name"]
        for container in _containers(obj, pattern):
            lines.append(f"# {obj['kind']} {name}, container {container['name']}\n")
            for item in container.get("env") or []:
                if "value" in item:
                    lines.append(f"{item['name']}={item['value']}\n")
                else:
                    lines.append(f"# {item['name']} from: {_source(item.get('valueFrom') or {})}\n")
    stderr = "".join(e + "\n" for e in found.errors)
    return CommandResult("".join(lines), stderr, 1 if found.errors else 0)


def _source(value_from: dict) -> str:
    for key, label in (("secretKeyRef", "secret"), ("configMapKeyRef", "configmap")):
        if key in value_from:
            ref = value_from[key]
            return f"{label} {ref.get('name')}, key {ref.get('key')}"
    if "fieldRef" in value_from:
        return f"field path {value_from['fieldRef'].get('fieldPath')}"
    return "unknown source"


def _containers(obj: dict, pattern: str) -> list[dict]:
    spec = pod_spec(obj)
    return [c for c in spec.get("containers") or [] if fnmatch.fnmatchcase(c.get("name", ""), pattern)]


# ---------------------------------------------------------------------------- resources
def _resources(ctx: KubectlContext, argv: list[str]) -> CommandResult:
    parsed = parse_args(argv, _RESOURCE_FLAGS, "set resources")
    limits, requests = parsed.get("limits"), parsed.get("requests")
    if not limits and not requests:
        raise KubectlError("error: you must specify an update to requests or limits (in the form of --requests/--limits)")
    parsed_limits = _quantities(str(limits)) if limits else {}
    parsed_requests = _quantities(str(requests)) if requests else {}
    pattern = str(parsed.get("containers"))

    def edit(obj: dict) -> None:
        matched = _containers(obj, pattern)
        if not matched:
            raise KubectlError(f"error: unable to find container named {pattern}")
        for container in matched:
            resources = container.setdefault("resources", {})
            for field, values in (("limits", parsed_limits), ("requests", parsed_requests)):
                if values:
                    resources.setdefault(field, {}).update(values)

    return _apply(ctx, parsed, parsed.positionals, edit, "resource requirements updated")


def _quantities(text: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in text.split(","):
        key, eq, value = item.partition("=")
        if not eq or not key or not value:
            raise KubectlError(f'error: invalid argument "{text}": expected NAME=QUANTITY pairs')
        result[key.strip()] = value.strip()
    return result
