"""Column alignment exactly as Go's ``text/tabwriter`` does it, which is what kubectl prints through.

Two entry points:

- `table`: rows of cells that all have the same length (``kubectl get`` output). One pass for
  the widths, one join; the last cell of a row is never padded. kubectl's table writer uses a
  minimum cell width of 6 and 3 spaces of padding.
- `align`: free text whose cells are separated by tabs (``kubectl describe`` output). Go's
  tabwriter aligns a column only over a run of consecutive lines that all have a cell in it, so
  a line without a tab ends every column block; describe layouts depend on this.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["align", "table"]

TABLE_MIN_WIDTH = 6
TABLE_PADDING = 3


def table(rows: Sequence[Sequence[str]], min_width: int = TABLE_MIN_WIDTH, padding: int = TABLE_PADDING) -> str:
    """Rows of equal length -> aligned text, each line ending in a newline."""
    if not rows:
        return ""
    ncols = len(rows[0]) - 1
    widths = [min_width] * ncols
    for row in rows:
        for i in range(ncols):
            w = len(row[i]) + padding
            if w > widths[i]:
                widths[i] = w
    lines = []
    for row in rows:
        parts = [row[i].ljust(widths[i]) for i in range(ncols)]
        parts.append(row[ncols])
        lines.append("".join(parts))
    lines.append("")
    return "\n".join(lines)


def align(text: str, min_width: int = 0, padding: int = 2) -> str:
    """Tab-separated text -> aligned text (``describe`` uses min width 0 and padding 2)."""
    raw = text.split("\n")
    tail = raw.pop() if raw else ""
    lines = [line.split("\t") for line in raw]
    out: list[str] = []
    _format(lines, [], 0, len(lines), out, min_width, padding)
    if tail:
        out.append(tail.replace("\t", ""))
        return "\n".join(out)
    out.append("")
    return "\n".join(out)


def _format(lines: list[list[str]], widths: list[int], line0: int, line1: int, out: list[str],
            min_width: int, padding: int) -> None:
    """Go tabwriter's recursive block formatting over ``lines[line0:line1]`` at column ``len(widths)``."""
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(lines[this]) - 1:
            this += 1
            continue
        _write(lines, widths, line0, this, out)
        line0 = this
        width = min_width
        while this < line1 and column < len(lines[this]) - 1:
            w = len(lines[this][column]) + padding
            if w > width:
                width = w
            this += 1
        widths.append(width)
        _format(lines, widths, line0, this, out, min_width, padding)
        widths.pop()
        line0 = this
    _write(lines, widths, line0, line1, out)


def _write(lines: list[list[str]], widths: list[int], line0: int, line1: int, out: list[str]) -> None:
    for cells in lines[line0:line1]:
        last = len(cells) - 1
        out.append("".join(cell.ljust(widths[j]) if j < len(widths) and j < last else cell
                           for j, cell in enumerate(cells)))
