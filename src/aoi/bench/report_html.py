"""The self-contained HTML report: the tables of `report_tables`, inline SVG charts, inline CSS.

The page references nothing outside itself (no script, stylesheet, font or image), so it opens
offline and can be mailed as one file. Every table has an ``id`` and a ``<caption>``; every chart
is an ``<svg>`` with an ``id`` and an ``aria-label``. Figure cells carry ``data-value`` with the
unrounded number. Output is deterministic: the same runs give the same bytes.
"""

from __future__ import annotations

from html import escape

from .charts import PALETTE, GridCell, Series, bar_chart, grid_chart, line_chart
from .report_tables import Outcome, RunSummary, Table, build_tables, outcome, problem_order, short_json
from .results import SampleResult

__all__ = ["OUTCOME_COLOURS", "render_html"]

OUTCOME_COLOURS = {
    Outcome.SUCCESS: "#1a9850",
    Outcome.AIOPSLAB_ONLY: "#fdae61",
    Outcome.STRICT_ONLY: "#74add1",
    Outcome.FAILURE: "#d73027",
    Outcome.ERROR: "#4d4d4d",
}

_CSS = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 13px; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { max-width: 32em; overflow-wrap: anywhere; font-family: monospace; font-size: 12px; }
figure { margin: 0.5em 0 1.5em; overflow-x: auto; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
"""

_TEXT_COLUMNS = {"expected", "submission", "error"}


def _table(table: Table) -> str:
    text_cols = {i for i, h in enumerate(table.headers) if h in _TEXT_COLUMNS}
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            if cell.value is not None:
                cells.append(f'<td class="num" data-value="{cell.value!r}">{escape(cell.text)}</td>')
            else:
                attr = ' class="text"' if i in text_cols else ""
                cells.append(f"<td{attr}>{escape(cell.text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(table.headers)}">none</td></tr>')
    body = "\n".join(rows)
    return (f'<table id="{escape(table.id)}"><caption>{escape(table.caption)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>\n")


def _figure(svg: str, caption: str) -> str:
    return f"<figure>\n<figcaption>{escape(caption)}</figcaption>\n{svg}\n</figure>\n"


def _success_chart(summaries: list[RunSummary], *, strict: bool) -> str:
    tasks = sorted({g.group for s in summaries for g in s.aiopslab["task"]})
    verdict = "strict" if strict else "AIOpsLab"
    series = []
    for i, summary in enumerate(summaries):
        values = []
        for grouping, group in [("overall", "all"), *(("task", t) for t in tasks)]:
            metrics = summary.group(grouping, group, strict=strict)
            values.append(metrics.avg_at[-1] if metrics is not None and metrics.avg_at else None)
        series.append(Series(summary.name, values, PALETTE[i % len(PALETTE)]))
    label = f"Success rate (avg@k, {verdict} verdict) per task type per run"
    svg = bar_chart(f"chart-success-{verdict.lower()}", label, ["all", *tasks], series,
                    y_title="avg@k (%)")
    return _figure(svg, label)


def _at_j_chart(summaries: list[RunSummary], *, strict: bool) -> str:
    verdict = "strict" if strict else "AIOpsLab"
    k = max((len(s.aiopslab["overall"][0].best_at) for s in summaries), default=0)
    series = []
    for i, summary in enumerate(summaries):
        overall = summary.group("overall", "all", strict=strict)
        colour = PALETTE[i % len(PALETTE)]
        if overall is not None:
            series.append(Series(f"{summary.name} best@j", list(overall.best_at), colour))
            series.append(Series(f"{summary.name} avg@j", list(overall.avg_at), colour, dashed=True))
    label = f"best@j (solid) and avg@j (dashed) against j, all problems, {verdict} verdict"
    svg = line_chart(f"chart-at-j-{verdict.lower()}", label, list(range(1, k + 1)), series, x_title="j",
                     y_title="percent of problems")
    return _figure(svg, label)


def _tooltip(s: SampleResult) -> str:
    lines = [f"{s.problem_id} sample {s.sample} (seed {s.seed}): {outcome(s).value}",
             f"AIOpsLab: {'pass' if s.success else 'fail'}; strict: {'pass' if s.strict_success else 'fail'}",
             f"expected: {short_json(s.expected)}",
             f"submitted: {'-' if s.submission is None else short_json(s.submission)}",
             f"steps {s.steps}, tokens {s.tokens_in}+{s.tokens_out}, {s.wall_s:.2f} s"]
    if s.error is not None:
        lines.append(f"error: {s.error}")
    return "\n".join(lines)


def _grid(summary: RunSummary, index: int) -> str:
    k = summary.run.config.k
    by_cell = {(s.problem_id, s.sample): s for s in summary.run.samples}
    rows = problem_order(summary.run)
    cells: list[list[GridCell | None]] = []
    for pid in rows:
        found = [by_cell.get((pid, j)) for j in range(k)]
        cells.append([None if s is None else GridCell(OUTCOME_COLOURS[outcome(s)], _tooltip(s))
                      for s in found])
    legend = [(kind.value, colour) for kind, colour in OUTCOME_COLOURS.items()]
    label = f"Sample outcomes per problem, {summary.name}"
    return _figure(grid_chart(f"chart-grid-{index}", label, rows, [f"#{j}" for j in range(k)], cells, legend),
                   f"{label} (hover a cell for the ground truth and the submission)")


def render_html(summaries: list[RunSummary], title: str) -> str:
    tables = {t.id: t for t in build_tables(summaries)}
    html = [f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n"
            f"<style>{_CSS}</style>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n"]
    html.append('<section id="section-summary">\n<h2>Summary</h2>\n')
    html += [_table(tables.pop("table-runs")), _table(tables.pop("table-overall"))]
    html += [_success_chart(summaries, strict=False), _success_chart(summaries, strict=True)]
    html += [_at_j_chart(summaries, strict=False), _at_j_chart(summaries, strict=True)]
    html.append(_table(tables.pop("table-at-j")))
    html.append('</section>\n<section id="section-task">\n<h2>Per task type</h2>\n')
    html += [_table(tables.pop(tid)) for tid in list(tables) if tid.startswith("table-task-")]
    html.append('</section>\n<section id="section-app-split">\n<h2>Per app and per split</h2>\n')
    html += [_table(tables.pop("table-app")), _table(tables.pop("table-split"))]
    html.append('</section>\n<section id="section-samples">\n<h2>Sample outcomes</h2>\n')
    html += [_grid(summary, i) for i, summary in enumerate(summaries)]
    html.append('</section>\n<section id="section-failures">\n<h2>Failures</h2>\n')
    html.append(_table(tables.pop("table-failures")))
    html.append("</section>\n")
    html += [_table(t) for t in tables.values()]  # any table added later still gets printed
    html.append("</body>\n</html>\n")
    return "".join(html)
