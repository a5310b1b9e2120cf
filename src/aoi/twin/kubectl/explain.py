"""``kubectl explain TYPE[.field]``: a minimal schema description of the twin's types."""

from __future__ import annotations

from ..process import CommandResult
from .args import Flag, KubectlError, parse_args, resolve_type
from .context import KubectlContext

__all__ = ["run"]

FLAGS = (
    Flag("recursive", ("--recursive",), takes_value=False),
    Flag("api_version", ("--api-version",)),
    Flag("output", ("-o", "--output")),
)

_TOP_FIELDS = (
    ("apiVersion", "<string>", "APIVersion defines the versioned schema of this representation of an object."),
    ("kind", "<string>", "Kind is a string value representing the REST resource this object represents."),
    ("metadata", "<ObjectMeta>", "Standard object's metadata."),
    ("spec", "<Object>", "Specification of the desired behavior of the object."),
    ("status", "<Object>", "Most recently observed status of the object. Populated by the system. Read-only."),
)


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "explain")
    if not parsed.positionals:
        raise KubectlError("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" "
                           "for a complete list of supported resources.")
    type_name, _, path = parsed.positionals[0].partition(".")
    rtype = resolve_type(type_name)
    group = rtype.group
    head = f"GROUP:      {group}\nKIND:       {rtype.kind}\nVERSION:    {rtype.api_version.rpartition('/')[2]}\n\n" \
        if group else f"KIND:       {rtype.kind}\nVERSION:    {rtype.api_version}\n\n"
    if path:
        return CommandResult(head + f"FIELD: {path.rsplit('.', 1)[-1]} <Object>\n\nDESCRIPTION:\n"
                                    f"    {rtype.kind} field {path}.\n")
    fields = "".join(f"  {name}\t{kind}\n    {text}\n\n" for name, kind, text in _TOP_FIELDS)
    return CommandResult(head + f"DESCRIPTION:\n    {rtype.kind} is a Kubernetes {rtype.singular} resource.\n"
                                f"    \nFIELDS:\n{fields}")
