"""``aoi rbac``: least-privilege credentials for running AOI on a real cluster.

``aoi rbac render --namespace NS`` prints the Probe's and the Executor's ServiceAccounts, Roles
and bindings (`aoi.safety.rbac.render_manifests`; the Executor's writes come from its whitelist,
`aoi.agents.executor.executor_grants`), ready for ``kubectl apply -f -``. ``aoi rbac kubeconfig``
writes ``probe.kubeconfig`` and ``executor.kubeconfig`` from the two accounts' tokens. Bad input
(a bad name, an empty token file, a missing CA file) is one line on stderr and exit status 2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(help="Least-privilege ServiceAccounts and kubeconfigs for the Probe and the Executor.",
                  no_args_is_help=True)

NamespaceOption = Annotated[str, typer.Option("--namespace", "-n", help="The application's namespace.")]
PrefixOption = Annotated[str, typer.Option("--name-prefix", help="Accounts are <prefix>-probe and <prefix>-executor.")]


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command("render")
def render(
    namespace: NamespaceOption,
    name_prefix: PrefixOption = "aoi",
    probe_secrets: Annotated[
        bool, typer.Option("--probe-secrets", help="Let the Probe read Secrets (list returns every value).")
    ] = False,
    exec_repairs: Annotated[
        bool,
        typer.Option("--exec-repairs/--no-exec-repairs",
                     help="Grant the Executor pods/exec for the whitelist's in-pod repairs (mongo users, "
                          "mitigation scripts); RBAC cannot limit what an exec runs."),
    ] = True,
) -> None:
    """Print the RBAC manifests (multi-document YAML) for the Probe and the Executor."""
    from aoi.agents.executor import executor_grants
    from aoi.safety.rbac import RBACError, render_manifests, to_yaml

    try:
        objects = render_manifests(namespace, executor_grants(exec_repairs=exec_repairs), name_prefix=name_prefix,
                                   probe_secrets=probe_secrets)
    except RBACError as exc:
        _fail(str(exc))
    typer.echo(to_yaml(objects), nl=False)


def _token(path: Path, which: str) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        _fail(f"cannot read the {which} token file {path}: {exc.strerror or exc}")


@app.command("kubeconfig")
def kubeconfig(
    server: Annotated[str, typer.Option("--server", help="The API server URL, e.g. https://10.0.0.1:6443.")],
    probe_token_file: Annotated[Path, typer.Option("--probe-token-file", help="The Probe account's token.")],
    executor_token_file: Annotated[Path, typer.Option("--executor-token-file", help="The Executor account's token.")],
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Where to write probe.kubeconfig and executor.kubeconfig.")],
    ca_file: Annotated[Path | None, typer.Option("--ca-file", help="The cluster's CA certificate (PEM).")] = None,
    insecure: Annotated[bool, typer.Option("--insecure", help="Skip TLS verification (test clusters only).")] = False,
    namespace: Annotated[str | None, typer.Option("--namespace", "-n", help="The contexts' namespace.")] = None,
    name_prefix: PrefixOption = "aoi",
) -> None:
    """Write probe.kubeconfig and executor.kubeconfig (mode 0600) from the two accounts' tokens."""
    from aoi.safety import rbac

    tokens = {"probe": _token(probe_token_file, "probe"), "executor": _token(executor_token_file, "executor")}
    try:
        configs = {role: rbac.kubeconfig(server=server, token=token, user=f"{name_prefix}-{role}", namespace=namespace,
                                         ca_file=ca_file, insecure=insecure)
                   for role, token in tokens.items()}
    except rbac.RBACError as exc:
        _fail(str(exc))
    out_dir.mkdir(parents=True, exist_ok=True)
    for role, config in configs.items():
        path = out_dir / f"{role}.kubeconfig"
        # Created owner-only before the token is written: a kubeconfig is a credential.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(rbac.to_yaml([config]))
        os.chmod(path, 0o600)
        typer.echo(f"wrote {path}")
