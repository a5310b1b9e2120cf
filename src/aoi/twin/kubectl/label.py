"""``kubectl label`` (and, through `annotate.py`, ``kubectl annotate``): ``k=v`` sets, ``k-`` removes.

Without ``--overwrite`` a key that already holds another value is an error. Success lines are
``pod/x labeled`` (``unlabeled`` when only removing, ``not labeled`` when nothing changed) and
``deployment.apps/x annotated``.
"""

from __future__ import annotations

from typing import Literal

from ..process import CommandResult
from .args import Flag, KubectlError, parse_args
from .context import KubectlContext
from .write_support import resolve, slash_name, write_copy

FLAGS = (
    Flag("overwrite", ("--overwrite",), takes_value=False),
    Flag("selector", ("-l", "--selector")),
    Flag("all", ("--all",), takes_value=False),
    Flag("all_namespaces", ("-A", "--all-namespaces"), takes_value=False),
    Flag("list", ("--list",), takes_value=False),
    Flag("filename", ("-f", "--filename")),
    Flag("resource_version", ("--resource-version",)),
    Flag("output", ("-o", "--output")),
    Flag("dry_run", ("--dry-run",)),
    Flag("local", ("--local",), takes_value=False),
    Flag("field_selector", ("--field-selector",)),
    Flag("record", ("--record",), takes_value=False),
)

Mode = Literal["label", "annotate"]


def _is_change(word: str) -> bool:
    return "=" in word or (word.endswith("-") and "/" not in word and len(word) > 1)


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    return run_mode(ctx, argv, "label")


def run_mode(ctx: KubectlContext, argv: list[str], mode: Mode) -> CommandResult:
    parsed = parse_args(argv, FLAGS, mode)
    targets = [w for w in parsed.positionals if not _is_change(w)]
    changes = [w for w in parsed.positionals if _is_change(w)]
    field = "labels" if mode == "label" else "annotations"
    if not changes and not parsed.get("list"):
        raise KubectlError(f"error: at least one {field[:-1]} update is required")
    sets = dict(c.split("=", 1) for c in changes if "=" in c)
    removals = [c[:-1] for c in changes if "=" not in c]
    found = resolve(ctx, parsed, targets)
    out: list[str] = []
    for obj in found.objects:
        current = obj["metadata"].get(field) or {}
        if parsed.get("list"):
            out.extend(f"{k}={v}\n" for k, v in current.items())
            continue
        if not parsed.get("overwrite"):
            _check_conflicts(current, sets, mode)
        if mode == "label":
            out.extend(f'label "{key}" not found.\n' for key in removals if key not in current)

        def edit(o: dict) -> None:
            values = {**(o["metadata"].get(field) or {}), **sets}
            for key in removals:
                values.pop(key, None)
            if values:
                o["metadata"][field] = values
            else:
                o["metadata"].pop(field, None)

        changed = True
        if not parsed.get("dry_run"):
            _, changed = write_copy(ctx, obj, edit)
        out.append(f"{slash_name(obj)} {_verb(mode, changed, sets)}\n")
    stderr = "".join(e + "\n" for e in found.errors)
    return CommandResult("".join(out), stderr, 1 if found.errors else 0)


def _check_conflicts(current: dict, sets: dict[str, str], mode: Mode) -> None:
    clashes = [(k, current[k]) for k, v in sets.items() if k in current and current[k] != v]
    if not clashes:
        return
    if mode == "label":
        key, value = clashes[0]
        raise KubectlError(f"error: '{key}' already has a value ({value}), and --overwrite is false")
    listed = ", ".join(f"'{k}' already has a value ({v})" for k, v in clashes)
    raise KubectlError(f"error: --overwrite is false but found the following declared annotation(s): {listed}")


def _verb(mode: Mode, changed: bool, sets: dict[str, str]) -> str:
    if mode == "annotate":
        return "annotated"
    if not changed:
        return "not labeled"
    return "labeled" if sets else "unlabeled"
