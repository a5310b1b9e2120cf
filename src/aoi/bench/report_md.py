"""The Markdown report: the tables of `report_tables` as GitHub-flavoured tables, plus a text grid.

Markdown has no charts, so the best@j/avg@j chart is the ``table-at-j`` table and each run's outcome
grid is a table of marks. Cell text is escaped for a table cell: ``|`` would end the cell, a line
break would end the row, and ``<`` ``>`` ``&`` would be read as HTML.
"""

from __future__ import annotations

from html import escape

from .report_tables import RunSummary, Table, build_tables, grid_table

__all__ = ["md_cell", "md_table", "render_markdown"]


def md_cell(text: str) -> str:
    one_line = " ".join(text.split())
    return escape(one_line, quote=False).replace("\\", "\\\\").replace("|", "\\|") or " "


def md_table(table: Table) -> str:
    lines = [f"### {md_cell(table.caption)}", "", f"<!-- {table.id} -->", ""]
    lines.append("| " + " | ".join(md_cell(h) for h in table.headers) + " |")
    lines.append("|" + "|".join("---:" if table.rows and _numeric(table, i) else "---"
                               for i in range(len(table.headers))) + "|")
    lines += ["| " + " | ".join(md_cell(c.text) for c in row) + " |" for row in table.rows]
    if not table.rows:
        lines.append("| none |" + " |" * (len(table.headers) - 1))
    return "\n".join(lines) + "\n"


def _numeric(table: Table, column: int) -> bool:
    return all(row[column].value is not None for row in table.rows)


def render_markdown(summaries: list[RunSummary], title: str) -> str:
    tables = build_tables(summaries)
    sections = [f"# {md_cell(title)}", ""]
    sections += [md_table(t) for t in tables]
    sections.append("## Sample outcomes\n")
    sections += [md_table(grid_table(summary, i)) for i, summary in enumerate(summaries)]
    return "\n".join(sections)
