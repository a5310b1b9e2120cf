"""cut (fields, characters, bytes by list) and column -t (aligned tables)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import (
    NO_FILES,
    UsageError,
    getopt,
    lines_of,
    read_operand,
    unlines,
    usage,
)

_CUT_LONGS = {
    "delimiter": ("d", True),
    "fields": ("f", True),
    "characters": ("c", True),
    "bytes": ("b", True),
    "only-delimited": ("s", False),
    "complement": ("complement", False),
    "output-delimiter": ("output-delimiter", True),
}
_RANGE = re.compile(r"([0-9]*)(-?)([0-9]*)\Z")


def _ranges(spec: str, kind: str) -> list[tuple[int, int]]:
    """``1,3-5,7-`` -> [(1, 1), (3, 5), (7, inf)] with 1-based inclusive bounds."""
    out = []
    for item in spec.split(","):
        m = _RANGE.match(item)
        if not m or not (m.group(1) or m.group(3)):
            raise UsageError(
                f"cut: invalid {kind} value '{item}'" if item else "cut: invalid range with no endpoint: -"
            )
        lo = int(m.group(1) or 1)
        hi = int(m.group(3)) if m.group(3) else (lo if not m.group(2) else 1 << 62)
        if lo == 0 or (m.group(3) and int(m.group(3)) == 0):
            raise UsageError(f"cut: {kind}s are numbered from 1")
        if hi < lo:
            raise UsageError("cut: invalid decreasing range")
        out.append((lo, hi))
    return out


def _selected(n: int, ranges: list[tuple[int, int]], complement: bool) -> list[int]:
    return [i for i in range(1, n + 1) if any(lo <= i <= hi for lo, hi in ranges) != complement]


def cut(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU cut: ``-f LIST`` with ``-d``, ``-s``, ``--output-delimiter``; ``-c``/``-b LIST``; ``--complement``."""
    try:
        opts, operands = getopt("cut", argv[1:], "d:f:c:b:sn", _CUT_LONGS)
        o = dict(opts)
        modes = [k for k in ("f", "c", "b") if k in o]
        if not modes:
            raise UsageError("cut: you must specify a list of bytes, characters, or fields")
        if len(modes) > 1:
            raise UsageError("cut: only one list may be specified")
        mode = modes[0]
        delim = o.get("d", "\t")
        if len(delim) != 1:
            raise UsageError("cut: the delimiter must be a single character")
        ranges = _ranges(o[mode], "field" if mode == "f" else "byte/character")
    except UsageError as e:
        return usage("cut", e)
    complement = "complement" in o
    out_delim = o.get("output-delimiter", delim if mode == "f" else "")
    out, errors = [], []
    for name in operands or ["-"]:
        text = read_operand(name, stdin, files)
        if text is None:
            errors.append(f"cut: {name}: No such file or directory\n")
            continue
        for line in lines_of(text):
            if mode != "f":
                out.append(out_delim.join(line[i - 1] for i in _selected(len(line), ranges, complement)))
            elif delim not in line:
                if "s" not in o:
                    out.append(line)
            else:
                parts = line.split(delim)
                out.append(out_delim.join(parts[i - 1] for i in _selected(len(parts), ranges, complement)))
    return CommandResult(unlines(out), "".join(errors), 1 if errors else 0)


def column(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """util-linux column: ``-t`` aligns cells two spaces apart, ``-s SEP`` splits on SEP, ``-o`` joins."""
    try:
        opts, operands = getopt("column", argv[1:], "ts:o:nx", {"table": ("t", False)})
    except UsageError as e:
        return usage("column", e)
    o = dict(opts)
    texts = [read_operand(n, stdin, files) for n in operands or ["-"]]
    missing = [n for n, t in zip(operands, texts, strict=False) if t is None]
    if missing:
        return CommandResult(
            stderr=f"column: cannot open {missing[0]}: No such file or directory\n", exit_code=1
        )
    lines = [line for t in texts for line in lines_of(t or "") if line.strip()]
    if "t" not in o:
        return CommandResult(unlines(lines))
    seps = o.get("s")
    rows = [
        [c for c in re.split("[" + re.escape(seps) + "]", line) if c] if seps else line.split()
        for line in lines
    ]
    widths: list[int] = []
    for row in rows:
        for i, cell in enumerate(row):
            if i == len(widths):
                widths.append(0)
            widths[i] = max(widths[i], len(cell))
    joiner = o.get("o", "  ")
    out = []
    last = len(widths) - 1
    for row in rows:
        # util-linux pads short rows with empty cells up to the last column, which stays unpadded
        cells = [(row[i] if i < len(row) else "").ljust(widths[i] if i < last else 0) for i in range(last + 1)]
        out.append(joiner.join(cells))
    return CommandResult(unlines(out))


__all__ = ["column", "cut"]
