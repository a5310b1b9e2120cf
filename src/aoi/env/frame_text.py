"""Print a CSV file the way ``pandas.read_csv(path).to_string(index=False)`` prints it, without pandas.

AIOpsLab's `read_metrics` and `read_traces` return that text, so agents see right-aligned
columns separated by one space, a header row, and pandas' number formatting. The subset
reproduced here is what telemetry CSVs contain:

* column types are inferred per column as pandas does: all integers -> int; all numbers, or
  integers with gaps -> float; all ``True``/``False`` -> bool; anything else -> text;
* empty cells print as ``NaN``; blank lines are skipped;
* floats share one format per column: six decimals with common trailing zeros removed (at least
  one kept), or ``%.6e`` when a value is below 1e-6, or above 1e6 with the fixed form too long;
* a header-only file prints pandas' ``Empty DataFrame`` block.
"""

from __future__ import annotations

import csv
import io
import math

__all__ = ["csv_to_text"]

_PRECISION = 6
_BOOLS = {"True": True, "TRUE": True, "true": True, "False": False, "FALSE": False, "false": False}


class EmptyCsvError(ValueError):
    """The file has no header at all (pandas: ``No columns to parse from file``)."""

    def __init__(self) -> None:
        super().__init__("No columns to parse from file")


def csv_to_text(text: str) -> str:
    """Render CSV ``text`` as pandas' ``to_string(index=False)``; raises `EmptyCsvError` if headerless."""
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    if not rows:
        raise EmptyCsvError()
    header, body = rows[0], rows[1:]
    if not body:
        return f"Empty DataFrame\nColumns: [{', '.join(header)}]\nIndex: []"
    columns = [[row[i] if i < len(row) else "" for row in body] for i in range(len(header))]
    cells, widths = [], []
    for name, values in zip(header, columns, strict=True):
        rendered, numeric = _format_column(values)
        cells.append([name, *rendered])
        # pandas reserves a sign position in the header of numeric and boolean columns.
        widths.append(max(len(name) + numeric, *(len(cell) for cell in rendered)))
    lines = (
        " ".join(column[r].rjust(width) for column, width in zip(cells, widths, strict=True))
        for r in range(len(body) + 1)
    )
    return "\n".join(lines)


def _format_column(values: list[str]) -> tuple[list[str], bool]:
    """The printed cells of one column, and whether pandas would treat it as numeric."""
    present = [v for v in values if v != ""]
    complete = len(present) == len(values)
    if complete and all(v in _BOOLS for v in present):
        return [str(_BOOLS[v]) for v in values], True
    if complete and all(_is_int(v) for v in present):
        return [str(int(v)) for v in values], True
    if all(_is_float(v) for v in present):
        return _format_floats([float(v) if v != "" else math.nan for v in values]), True
    return [v if v != "" else "NaN" for v in values], False


def _is_int(text: str) -> bool:
    if "_" in text:  # Python accepts digit separators; pandas does not
        return False
    try:
        int(text)
    except ValueError:
        return False
    return True


def _is_float(text: str) -> bool:
    if "_" in text:
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def _format_floats(values: list[float]) -> list[str]:
    finite = [abs(v) for v in values if not math.isnan(v)]
    fixed = _trim_common_zeros([f"{v:.{_PRECISION}f}" for v in values if not math.isnan(v)])
    too_long = any(len(s) > _PRECISION + 6 for s in fixed)
    has_small = any(0 < v < 10**-_PRECISION for v in finite)
    has_large = any(v > 1e6 for v in finite)
    if has_small or (too_long and has_large):
        rendered = iter(f"{v:.{_PRECISION}e}" for v in values if not math.isnan(v))
    else:
        rendered = iter(fixed)
    return ["NaN" if math.isnan(v) else next(rendered) for v in values]


def _trim_common_zeros(strings: list[str]) -> list[str]:
    # Drop a trailing zero from every value while all of them have one to spare.
    while strings and all(s.endswith("0") and not s.endswith(".0") for s in strings):
        strings = [s[:-1] for s in strings]
    return strings
