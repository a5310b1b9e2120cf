"""``kubectl auth``: the twin's user is the kind cluster admin, so every ``can-i`` is ``yes``."""

from __future__ import annotations

from ..process import CommandResult
from .args import Flag, KubectlError, parse_args
from .context import KubectlContext
from .printers.tabwriter import table

__all__ = ["run"]

FLAGS = (
    Flag("all_namespaces", ("-A", "--all-namespaces"), takes_value=False),
    Flag("list", ("--list",), takes_value=False),
    Flag("quiet", ("-q", "--quiet"), takes_value=False),
    Flag("subresource", ("--subresource",)),
    Flag("as", ("--as",)),
    Flag("as_group", ("--as-group",), repeatable=True),
    Flag("no_headers", ("--no-headers",), takes_value=False),
    Flag("output", ("-o", "--output")),
)


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "auth")
    sub, args = (parsed.positionals[0], parsed.positionals[1:]) if parsed.positionals else ("", [])
    if sub == "can-i":
        if parsed.flag("list"):
            return CommandResult(table([["Resources", "Non-Resource URLs", "Resource Names", "Verbs"],
                                        ["*.*", "[]", "[]", "[*]"], ["", "[*]", "[]", "[*]"]]))
        if not args:
            raise KubectlError("error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
                               "See 'kubectl auth can-i -h' for help and examples")
        return CommandResult("" if parsed.flag("quiet") else "yes\n")
    if sub == "whoami":
        return CommandResult(table([["ATTRIBUTE", "VALUE"], ["Username", "kubernetes-admin"],
                                    ["Groups", "[kubeadm:cluster-admins system:authenticated]"]]))
    raise KubectlError(f'error: unknown command "{sub}" for "kubectl auth"' if sub else
                       "error: Required subcommand not specified.\nSee 'kubectl auth -h' for help and examples")
