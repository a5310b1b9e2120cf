"""kubectl emulation for the twin: the verbs agents type, with real kubectl's output formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import KubectlContext
from .main import run_kubectl

if TYPE_CHECKING:
    from ..cluster import Cluster
    from ..process import Program

__all__ = ["KubectlContext", "make_kubectl", "run_kubectl"]


def make_kubectl(cluster: Cluster, default_namespace: str = "default", files: dict[str, str] | None = None) -> Program:
    """A `Program` running kubectl against ``cluster``; ``files`` is the calling shell's file table."""
    ctx = KubectlContext(cluster, default_namespace, files if files is not None else {})

    def kubectl(argv: list[str], stdin: str) -> object:
        return run_kubectl(ctx, argv, stdin)

    return kubectl
