"""``kubectl annotate``: `label.py`'s logic on ``metadata.annotations``, with annotate's messages."""

from __future__ import annotations

from ..process import CommandResult
from .context import KubectlContext
from .label import run_mode


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    return run_mode(ctx, argv, "annotate")
