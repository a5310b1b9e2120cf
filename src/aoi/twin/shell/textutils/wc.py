"""wc: line, word, character and byte counts laid out with GNU's column widths."""

from __future__ import annotations

from collections.abc import Mapping

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import NO_FILES, UsageError, getopt, read_operand, usage

_LONGS = {
    "lines": ("l", False),
    "words": ("w", False),
    "chars": ("m", False),
    "bytes": ("c", False),
    "max-line-length": ("L", False),
}
_ORDER = "lwmcL"
_PIPE_WIDTH = 7  # GNU pads to 7 when any input is not a regular file (a pipe), e.g. "      3"


def _counts(text: str) -> dict[str, int]:
    return {
        "l": text.count("\n"),
        "w": len(text.split()),
        "m": len(text),
        "c": len(text.encode()),
        "L": max((len(line.expandtabs()) for line in text.split("\n")), default=0),
    }


def wc(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU wc: ``-l -w -c -m -L``; no flag means lines, words and bytes."""
    try:
        opts, operands = getopt("wc", argv[1:], "lwmcL", _LONGS)
    except UsageError as e:
        return usage("wc", e)
    wanted = [f for f in _ORDER if any(flag == f for flag, _ in opts)] or ["l", "w", "c"]
    names = operands or ["-"]
    rows, errors, sizes = [], [], 0
    reads_pipe = False
    for name in names:
        text = read_operand(name, stdin, files)
        if text is None:
            errors.append(f"wc: {name}: No such file or directory\n")
            continue
        reads_pipe = reads_pipe or name == "-"
        sizes += len(text.encode())
        rows.append((_counts(text), "" if not operands else name))
    if len(rows) > 1:
        total = {f: sum(r[0][f] for r in rows) for f in _ORDER}
        total["L"] = max(r[0]["L"] for r in rows)
        rows.append((total, "total"))
    if len(wanted) == 1 and len(names) == 1:
        width = 1
    else:
        width = max(len(str(sizes)), _PIPE_WIDTH if reads_pipe else 1)
    out = []
    for counts, name in rows:
        line = " ".join(str(counts[f]).rjust(width) for f in wanted)
        out.append(f"{line} {name}\n" if name else line + "\n")
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


__all__ = ["wc"]
