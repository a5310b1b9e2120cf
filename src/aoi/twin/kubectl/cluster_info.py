"""``kubectl cluster-info``: where the kind control plane and CoreDNS answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..process import CommandResult
from .args import parse_args
from .context import KubectlContext

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["api_server_url", "run"]

FLAGS = ()


def api_server_url(cluster: Cluster) -> str:
    """kind publishes the API server on a random high localhost port; the twin derives it from the seed."""
    return f"https://127.0.0.1:{32768 + (cluster.seed * 7919) % 28000}"


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "cluster-info")
    url = api_server_url(ctx.cluster)
    if parsed.positionals[:1] == ["dump"]:
        return CommandResult("", "error: cluster-info dump is not available on this cluster\n", 1)
    # kubectl colours these words even when its output is not a terminal.
    return CommandResult(
        f"\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33m{url}\x1b[0m\n"
        f"\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33m{url}/api/v1/namespaces/kube-system/services/"
        "kube-dns:dns/proxy\x1b[0m\n\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    )
