"""base64: GNU's 76-column encoding and ``-d`` decoding of text in the twin's pipes."""

from __future__ import annotations

import base64 as _b64
import binascii
from collections.abc import Mapping

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import NO_FILES, UsageError, getopt, read_operand, usage

_LONGS = {"decode": ("d", False), "wrap": ("w", True), "ignore-garbage": ("i", False)}


def base64(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU base64: encode wrapped at 76 columns (``-w N``, 0 for none) or ``-d`` decode."""
    try:
        opts, operands = getopt("base64", argv[1:], "dw:i", _LONGS)
        o = dict(opts)
        if not o.get("w", "76").isdigit():
            raise UsageError(f"base64: invalid wrap size: '{o['w']}'")
    except UsageError as e:
        return usage("base64", e)
    text = read_operand(operands[0], stdin, files) if operands else stdin
    if text is None:
        return CommandResult(stderr=f"base64: {operands[0]}: No such file or directory\n", exit_code=1)
    if "d" in o:
        compact = "".join(text.split())
        if "i" in o:
            compact = "".join(c for c in compact if c.isalnum() or c in "+/=")
        try:
            raw = _b64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
        except (binascii.Error, ValueError):
            return CommandResult(stderr="base64: invalid input\n", exit_code=1)
        return CommandResult(raw.decode("utf-8", errors="replace"))
    encoded = _b64.b64encode(text.encode()).decode()
    wrap = int(o.get("w", "76"))
    if not encoded:
        return CommandResult("")
    if wrap:
        encoded = "\n".join(encoded[i : i + wrap] for i in range(0, len(encoded), wrap))
    return CommandResult(encoded + "\n")


__all__ = ["base64"]
