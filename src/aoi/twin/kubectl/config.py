"""``kubectl config``: the kind kubeconfig (context ``kind-kind``) and its current namespace.

``set-context --current --namespace=X`` changes the namespace later commands default to, which
is what agents use it for; every other write to the kubeconfig is refused.
"""

from __future__ import annotations

from ..process import CommandResult
from .args import Flag, KubectlError, parse_args
from .cluster_info import api_server_url
from .context import KubectlContext
from .printers.tabwriter import table

__all__ = ["CONTEXT", "run"]

CONTEXT = "kind-kind"

FLAGS = (
    Flag("current", ("--current",), takes_value=False),
    Flag("minify", ("--minify",), takes_value=False),
    Flag("raw", ("--raw",), takes_value=False),
    Flag("flatten", ("--flatten",), takes_value=False),
    Flag("output", ("-o", "--output")),
    Flag("no_headers", ("--no-headers",), takes_value=False),
)


def _view(ctx: KubectlContext) -> str:
    namespace = f"    namespace: {ctx.default_namespace}\n" if ctx.default_namespace != "default" else ""
    return (
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA+OMITTED\n"
        f"    server: {api_server_url(ctx.cluster)}\n  name: {CONTEXT}\ncontexts:\n- context:\n"
        f"    cluster: {CONTEXT}\n{namespace}    user: {CONTEXT}\n  name: {CONTEXT}\n"
        f"current-context: {CONTEXT}\nkind: Config\npreferences: {{}}\nusers:\n- name: {CONTEXT}\n  user:\n"
        "    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n"
    )


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "config")
    sub, args = (parsed.positionals[0], parsed.positionals[1:]) if parsed.positionals else ("", [])
    if sub == "current-context":
        return CommandResult(CONTEXT + "\n")
    if sub == "view":
        return CommandResult(_view(ctx))
    if sub == "get-contexts":
        namespace = "" if ctx.default_namespace == "default" else ctx.default_namespace
        rows = [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]] if not parsed.flag("no_headers") else []
        return CommandResult(table([*rows, ["*", CONTEXT, CONTEXT, CONTEXT, namespace]]))
    if sub == "get-clusters":
        return CommandResult(f"NAME\n{CONTEXT}\n")
    if sub in ("set-context", "use-context"):
        name = args[0] if args else (CONTEXT if parsed.flag("current") else "")
        if name != CONTEXT:
            raise KubectlError(f'error: no context exists with the name: "{name}"' if name else
                               "error: you must specify a non-empty context name or --current")
        if sub == "use-context":
            return CommandResult(f'Switched to context "{CONTEXT}".\n')
        if parsed.get("namespace") is not None:
            ctx.default_namespace = str(parsed.get("namespace")) or "default"
        return CommandResult(f'Context "{CONTEXT}" modified.\n')
    raise KubectlError(f'error: unknown command "{sub}" for "kubectl config"' if sub else
                       "error: Required subcommand not specified.\nSee 'kubectl config -h' for help and examples")
