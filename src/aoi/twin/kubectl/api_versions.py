"""``kubectl api-versions``: every group/version the twin's API server serves, sorted as kubectl sorts them."""

from __future__ import annotations

from ..kinds import RESOURCE_TYPES
from ..process import CommandResult
from .api_resources import METRICS_TYPES
from .args import parse_args
from .context import KubectlContext

__all__ = ["run"]


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parse_args(argv, (), "api-versions")
    versions = sorted({t.api_version for t in (*RESOURCE_TYPES, *METRICS_TYPES)})
    return CommandResult("".join(f"{v}\n" for v in versions))
