"""Telemetry CSVs (metrics and traces), raw or as pandas prints them: column stats and bad rows.

Both forms are read: comma-separated text (``cat file.csv``) and pandas' ``to_string(index=False)``
(what ``read_metrics`` / ``read_traces`` answer), whose right-aligned columns end where their
header names end. Details are one line per column (numbers: min/mean/max; booleans: counts; text:
distinct values and the most common), error counts by service when a ``has_error`` column exists,
then the rows with an error flag or a value more than three standard deviations from its
column's mean.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections import Counter

from ._evidence import Draft

__all__ = ["compress_csv", "looks_like_csv"]

_TELEMETRY_COLUMNS = {"trace_id", "span_id", "kpi_name", "cmdb_id", "has_error", "service_name"}
_ID_LIKE = re.compile(r"(?:^|_)(?:id|time|timestamp|span)$")
_GROUP_BY = ("service_name", "cmdb_id", "service", "pod")
_MAX_ROWS = 40


def looks_like_csv(text: str) -> bool:
    """True for comma-separated rows of equal width, or a pandas frame with telemetry columns."""
    lines = text.strip("\n").split("\n", 20)
    header = lines[0]
    if header.count(",") >= 2:
        width = header.count(",")
        return len(lines) > 1 and all(line.count(",") == width for line in lines[1:20])
    return len(set(header.split()) & _TELEMETRY_COLUMNS) >= 2


def _read(text: str) -> tuple[list[str], list[list[str]]]:
    lines = [line for line in text.strip("\n").split("\n") if line.strip()]
    if lines[0].count(",") >= 2:
        rows = list(csv.reader(io.StringIO("\n".join(lines))))
        return rows[0], rows[1:]
    ends = [m.end() for m in re.finditer(r"\S+", lines[0])]
    header = lines[0].split()
    rows = []
    for line in lines[1:]:
        cells = [line[a:b].strip() for a, b in zip([0, *ends[:-1]], [*ends[:-1], None], strict=True)]
        rows.append(cells)
    return header, rows


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def compress_csv(text: str) -> Draft:
    """Per-column statistics, errors by service, and the error or outlier rows verbatim."""
    header, rows = _read(text)
    details: list[str] = []
    flagged: set[int] = set()
    for i, name in enumerate(header):
        cells = [row[i] if i < len(row) else "" for row in rows]
        details.append(_column_line(name, cells))
        if name == "has_error":
            flagged.update(r for r, c in enumerate(cells) if c == "True")
        numbers = [_number(c) for c in cells]
        if not _ID_LIKE.search(name) and len(cells) >= 10 and all(v is not None for v in numbers):
            mean, std = statistics.fmean(numbers), statistics.pstdev(numbers)
            flagged.update(r for r, v in enumerate(numbers) if std and abs(v - mean) > 3 * std)
    if "has_error" in header:
        details.extend(_errors_by_group(header, rows))
    summary = f"{len(rows)} rows x {len(header)} columns"
    if flagged:
        summary += f"; {len(flagged)} rows with an error or outlier value"
        shown = sorted(flagged)[:_MAX_ROWS]
        details.append(",".join(header))
        details.extend(",".join(rows[r]) for r in shown)
        if len(flagged) > len(shown):
            details.append(f"... ({len(flagged) - len(shown)} more flagged rows)")
    return Draft("csv", summary + ":", details)


def _column_line(name: str, cells: list[str]) -> str:
    numbers = [_number(c) for c in cells]
    if cells and all(c in ("True", "False") for c in cells):
        counts = Counter(cells)
        return f"{name}: True {counts['True']}, False {counts['False']}"
    if cells and all(v is not None for v in numbers):
        lo, hi = min(numbers), max(numbers)
        if _ID_LIKE.search(name):
            return f"{name}: {_fmt(lo)} .. {_fmt(hi)}"
        return f"{name}: min {_fmt(lo)}, mean {_fmt(statistics.fmean(numbers))}, max {_fmt(hi)}"
    counts = Counter(cells)
    if _ID_LIKE.search(name):
        return f"{name}: {len(counts)} distinct"
    top = ", ".join(f"{v} {n}" for v, n in counts.most_common(3))
    return f"{name}: {len(counts)} distinct (top: {top})"


def _errors_by_group(header: list[str], rows: list[list[str]]) -> list[str]:
    group = next((g for g in _GROUP_BY if g in header), None)
    if group is None:
        return []
    gi, ei = header.index(group), header.index("has_error")
    totals = Counter(row[gi] for row in rows)
    errors = Counter(row[gi] for row in rows if row[ei] == "True")
    if not errors:
        return []
    ranked = sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))
    return [f"has_error=True by {group}: " + ", ".join(f"{k} {n}/{totals[k]}" for k, n in ranked)]


def _fmt(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.6g}"
