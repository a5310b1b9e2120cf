"""kubectl tables (``kubectl get``): parse by header columns, keep abnormal rows, count the rest.

kubectl pads columns with at least three spaces and left-aligns every cell under its header, so
cells are sliced at the header's column starts; this keeps empty cells (an ENDPOINTS column with no
address) and cells with spaces (``3 (10s ago)``, event messages). ``kubectl get all`` prints one
table per resource type, separated by blank lines; each is handled on its own.

Rules per resource type (recognised by header columns):

* pods: healthy = Running, READY x/x, 0 restarts (Completed counts as done); every other row is kept;
* deployments / statefulsets: keep READY x/y with x<y, y=0, or AVAILABLE 0;
* daemonsets / replicasets: keep READY (or CURRENT) below DESIRED;
* services: keep every row without AGE; past `svc_rows` rows only NAME/TYPE/PORT(S);
* endpoints: keep rows with no address (``<none>`` or empty);
* events: keep Warning rows, count Normal ones by reason;
* pvc / pv: keep rows not Bound; nodes: keep rows not exactly Ready;
* anything else: keep every row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ._evidence import Draft

__all__ = ["compress_table", "looks_like_table"]

_HEADER_CELL = re.compile(r"\S+(?: \S+)*")
_HEADER_LINE = re.compile(r"^(?:NAMESPACE|NAME|LAST SEEN)\s{2,}[A-Z]")
_FRACTION = re.compile(r"^(\d+)/(\d+)$")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    lines: list[str]

    def col(self, row: list[str], name: str) -> str:
        return row[self.header.index(name)] if name in self.header else ""


def looks_like_table(text: str) -> bool:
    """True when the first non-blank line is a kubectl table header."""
    first = text.lstrip("\n").split("\n", 1)[0]
    return bool(_HEADER_LINE.match(first)) and first == first.upper()


def parse_tables(text: str) -> list[Table]:
    """Split ``text`` into tables at blank lines; a block that starts with a header opens a table."""
    tables: list[Table] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if looks_like_table(lines[0]) or not tables:
            tables.append(_parse_block(lines))
        else:
            tables[-1].rows.extend(_parse_block([tables[-1].lines[0], *lines]).rows)
    return tables


def _parse_block(lines: list[str]) -> Table:
    header_line = lines[0]
    spans = [(m.start(), m.group()) for m in _HEADER_CELL.finditer(header_line)]
    starts = [s for s, _ in spans]
    header = [name for _, name in spans]
    rows = []
    for line in lines[1:]:
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
        if any(line[s - 1:s].strip() for s in starts[1:] if s <= len(line)):
            cells = _split_fallback(line, len(header))  # a row wider than its header: not aligned
        rows.append(cells)
    return Table(header, rows, lines)


def _split_fallback(line: str, n: int) -> list[str]:
    parts = re.split(r"\s{2,}", line.strip(), maxsplit=n - 1)
    return parts + [""] * (n - len(parts))


def _fraction(cell: str) -> tuple[int, int] | None:
    m = _FRACTION.match(cell)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _int(cell: str) -> int:
    m = re.match(r"\d+", cell)
    return int(m.group()) if m else 0


def _kind(table: Table) -> str:
    h = set(table.header)
    if {"READY", "STATUS", "RESTARTS"} <= h:
        return "pods"
    if {"READY", "UP-TO-DATE", "AVAILABLE"} <= h and "DESIRED" not in h:
        return "deployments"
    if {"DESIRED", "CURRENT", "READY"} <= h:
        return "daemonsets" if "AVAILABLE" in h else "replicasets"
    if {"TYPE", "CLUSTER-IP"} <= h:
        return "services"
    if "ENDPOINTS" in h:
        return "endpoints"
    if {"TYPE", "REASON", "MESSAGE"} <= h:
        return "events"
    if {"STATUS", "VOLUME", "CAPACITY"} <= h:
        return "pvc"
    if {"CAPACITY", "RECLAIM POLICY", "STATUS"} <= h:
        return "pv"
    if {"STATUS", "ROLES", "VERSION"} <= h:
        return "nodes"
    if h == {"NAME", "READY", "AGE"} or {"NAME", "READY", "AGE", "NAMESPACE"} == h:
        return "statefulsets"
    return "rows"


def _format(header: list[str], rows: list[list[str]]) -> list[str]:
    """Re-align ``rows`` under ``header`` to their own widths (the full table's padding is wasted)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for row in [header, *rows]:
        out.append("   ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return out


def _pods(t: Table) -> tuple[str, list[list[str]]]:
    kept, statuses, healthy, done = [], Counter(), 0, 0
    for row in t.rows:
        status, ready = t.col(row, "STATUS"), _fraction(t.col(row, "READY"))
        if status == "Completed" and _int(t.col(row, "RESTARTS")) == 0:
            done += 1
        elif status == "Running" and ready and ready[0] == ready[1] and _int(t.col(row, "RESTARTS")) == 0:
            healthy += 1
        else:
            kept.append(row)
            statuses[status] += 1
    parts = [f"{len(t.rows)} pods: {healthy} Running and ready with 0 restarts"]
    if done:
        parts.append(f"{done} Completed")
    if kept:
        others = ", ".join(f"{s or '?'} {n}" for s, n in sorted(statuses.items()))
        parts.append(f"{len(kept)} not ({others})")
    return ", ".join(parts), kept


def _ready_rows(noun: str, ready_col: str, desired_col: str | None) -> Callable:
    def rule(t: Table) -> tuple[str, list[list[str]]]:
        kept = []
        for row in t.rows:
            if desired_col:
                have, want = _int(t.col(row, ready_col)), _int(t.col(row, desired_col))
            else:
                have, want = _fraction(t.col(row, ready_col)) or (0, 0)
            available = t.col(row, "AVAILABLE")
            if have < want or want == 0 or (available and _int(available) == 0):
                kept.append(row)
        return f"{len(t.rows)} {noun}: {len(t.rows) - len(kept)} fully ready, {len(kept)} not", kept

    return rule


def _replicasets(t: Table) -> tuple[str, list[list[str]]]:
    kept, idle = [], 0
    for row in t.rows:
        desired = _int(t.col(row, "DESIRED"))
        if desired == 0 and _int(t.col(row, "CURRENT")) == 0:
            idle += 1
        elif _int(t.col(row, "READY")) < desired or _int(t.col(row, "CURRENT")) < desired:
            kept.append(row)
    ok = len(t.rows) - len(kept) - idle
    summary = f"{len(t.rows)} replicasets: {ok} fully ready, {idle} scaled to 0, {len(kept)} not ready"
    return summary, kept


def _services(t: Table, svc_rows: int) -> tuple[str, list[list[str]], list[str]]:
    types = Counter(t.col(row, "TYPE") for row in t.rows)
    summary = f"{len(t.rows)} services (" + ", ".join(f"{k} {n}" for k, n in sorted(types.items())) + ")"
    # AGE and an all-<none> EXTERNAL-IP say nothing; past svc_rows the cluster IPs go too.
    wanted = ["NAMESPACE", "NAME", "TYPE", "PORT(S)"]
    if len(t.rows) <= svc_rows:
        wanted.insert(3, "CLUSTER-IP")
        if any(t.col(row, "EXTERNAL-IP") not in ("", "<none>") for row in t.rows):
            wanted.insert(4, "EXTERNAL-IP")
    cols = [c for c in wanted if c in t.header]
    rows = [[t.col(row, c) for c in cols] for row in t.rows]
    return summary + ":", rows, cols


def _endpoints(t: Table) -> tuple[str, list[list[str]]]:
    kept = [row for row in t.rows if t.col(row, "ENDPOINTS") in ("", "<none>")]
    return f"{len(t.rows)} endpoints: {len(t.rows) - len(kept)} with addresses, {len(kept)} without", kept


def _events(t: Table) -> tuple[str, list[list[str]]]:
    kept = [row for row in t.rows if t.col(row, "TYPE") != "Normal"]
    normal = Counter(t.col(row, "REASON") for row in t.rows if t.col(row, "TYPE") == "Normal")
    counts = ", ".join(f"{reason} {n}" for reason, n in sorted(normal.items(), key=lambda kv: (-kv[1], kv[0])))
    summary = f"{len(t.rows)} events: {len(kept)} Warning, {sum(normal.values())} Normal"
    return summary + (f" ({counts})" if counts else ""), kept


def _status_rule(noun: str, good: str) -> Callable:
    def rule(t: Table) -> tuple[str, list[list[str]]]:
        kept = [row for row in t.rows if t.col(row, "STATUS") != good]
        return f"{len(t.rows)} {noun}: {len(t.rows) - len(kept)} {good}, {len(kept)} not", kept

    return rule


_RULES: dict[str, Callable[[Table], tuple[str, list[list[str]]]]] = {
    "pods": _pods,
    "deployments": _ready_rows("deployments", "READY", None),
    "statefulsets": _ready_rows("statefulsets", "READY", None),
    "daemonsets": _ready_rows("daemonsets", "READY", "DESIRED"),
    "replicasets": _replicasets,
    "endpoints": _endpoints,
    "events": _events,
    "pvc": _status_rule("claims", "Bound"),
    "pv": _status_rule("volumes", "Bound"),
    "nodes": _status_rule("nodes", "Ready"),
}


def compress_table(text: str, svc_rows: int = 20) -> Draft:
    """Summarise each kubectl table in ``text`` in one line and keep its abnormal rows."""
    summaries: list[str] = []
    details: list[str] = []
    for table in parse_tables(text):
        kind = _kind(table)
        header = table.header
        if kind == "services":
            summary, kept, header = _services(table, svc_rows)
        elif kind in _RULES:
            summary, kept = _RULES[kind](table)
            summary += ":" if kept else ""
        else:
            summary, kept = f"{len(table.rows)} rows:", table.rows
        summaries.append(summary)
        if kept:
            details.extend(_format(header, kept))
    return Draft("table", "\n".join(summaries), details)
