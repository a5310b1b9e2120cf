"""``kubectl replace -f``: swap each object's spec for the manifest's (``--force``: delete, re-create).

Prints ``deployment.apps/x replaced``; an object that does not exist is kubectl's NotFound
``error when replacing``. Status is the server's, so it is kept.
"""

from __future__ import annotations

import copy

from ..errors import TwinError
from ..process import CommandResult
from .apply import FLAGS, manifest_objects
from .args import KubectlError, parse_args
from .context import KubectlContext
from .write_support import api_error, check_update, kind_label, quoted_name, slash_name


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "replace")
    objects, label = manifest_objects(ctx, parsed, stdin, "replace")
    out: list[str] = []
    errors: list[str] = []
    for obj in objects:
        try:
            out.append(_replace_one(ctx, obj, label, force=bool(parsed.get("force"))))
        except KubectlError as err:
            errors.append(str(err))
    return CommandResult("".join(out), "".join(e + "\n" for e in errors), 1 if errors else 0)


def _replace_one(ctx: KubectlContext, obj: dict, label: str, *, force: bool) -> str:
    meta = obj["metadata"]
    cluster = ctx.cluster
    current = cluster.find(obj["kind"], meta["name"], meta.get("namespace"))
    if current is None:
        raise KubectlError(f'Error from server (NotFound): error when replacing "{label}": '
                           f'{kind_label(obj["kind"])} "{meta["name"]}" not found')
    try:
        if force:
            cluster.delete(obj["kind"], meta["name"], meta.get("namespace"))
            cluster.create(copy.deepcopy(obj))
            return f"{quoted_name(obj)} deleted\n{slash_name(obj)} replaced\n"
        new = copy.deepcopy(obj)
        new.pop("status", None)
        if "status" in current:
            new["status"] = copy.deepcopy(current["status"])
        check_update(current, new)
        cluster.update(new)
    except TwinError as err:
        raise api_error(err) from err
    return f"{slash_name(obj)} replaced\n"
