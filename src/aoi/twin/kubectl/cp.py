"""``kubectl cp``: copying needs a filesystem outside the cluster, which the twin does not have.

Real kubectl streams a tar archive through ``exec``; the twin's shell has no host files to copy
to or from, so the command fails with one clear line and changes nothing.
"""

from __future__ import annotations

from ..process import CommandResult
from .args import KubectlError
from .context import KubectlContext


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    raise KubectlError("error: kubectl cp is not available in the cluster twin: there is no local filesystem to "
                       "copy to or from; use 'kubectl exec POD -- cat FILE' to read a file")
