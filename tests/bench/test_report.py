"""The reports without a browser: parse report.html with `html.parser`, read report.md's tables.

The runs are built by hand: four problems of four task types, k=3, with successes, failures,
AIOpsLab-only passes (strict disagreements), a strict-only pass and an errored sample. Every table
is found by id and caption, every chart by id and aria-label, and the figures are checked against
`summarise`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aoi.bench import BenchConfig, BenchRun, SampleResult, summarise
from aoi.bench.charts import Series, bar_chart, line_chart
from aoi.bench.report import compare, write_reports
from aoi.bench.report_html import OUTCOME_COLOURS
from aoi.bench.report_tables import Outcome

PROBLEMS = [  # id, task, app, split
    ("p-detection-1", "detection", "HotelReservation", "train"),
    ("p-localization-1", "localization", "SocialNetwork", "test"),
    ("p-mitigation-1", "mitigation", "HotelReservation", "test"),
    ("p-analysis-1", "analysis", "AstronomyShop", "train"),
]
# (AIOpsLab verdict, strict verdict, error) per sample
OUTCOMES = {
    "p-detection-1": [(1, 1, None), (1, 1, None), (0, 0, None)],
    "p-localization-1": [(0, 0, None), (1, 0, None), (1, 1, None)],
    "p-mitigation-1": [(1, 0, None), (0, 1, None), (0, 0, "twin crashed: <boom> & more")],
    "p-analysis-1": [(0, 0, None), (0, 0, None), (0, 0, None)],
}
HOSTILE = "<script>alert('x')</script> | see https://example.com/x"


def make_run(label: str | None = "runbook", *, agent: str = "runbook", invert: bool = False,
             drop: int = 0) -> BenchRun:
    """The run above; ``invert`` flips every non-error verdict, ``drop`` leaves out the last samples."""
    config = BenchConfig(agent=agent, k=3, problems=tuple(p[0] for p in PROBLEMS), label=label)
    samples = []
    for i, (pid, task, app, split) in enumerate(PROBLEMS):
        for j, (ok, strict, error) in enumerate(OUTCOMES[pid]):
            if invert and error is None:
                ok, strict = 1 - ok, 1 - strict
            samples.append(SampleResult(
                problem_id=pid, task=task, app=app, split=split, family=pid.split("-")[0], sample=j,
                seed=config.seeds(i)[j], success=bool(ok), strict_success=bool(strict),
                submission=None if error else {"answer": HOSTILE if j == 1 else f"sub-{pid}-{j}"},
                expected={"answer": f"truth-{pid}"}, steps=2 + j + i, tokens_in=100 * (i + 1),
                tokens_out=10 * j,
                wall_s=0.25 * (j + 1), virtual_s=30.0 * i, error=error,
            ))  # fmt: skip
    return BenchRun(config=config, started_at=1_700_000_000.0, finished_at=None if drop else 1_700_000_090.0,
                    samples=samples[: len(samples) - drop])


# --------------------------------------------------------------- the parser
VOID = {"meta"}


class Page(HTMLParser):
    """Checks that every tag is closed in order, and collects tables, charts and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: dict[str, dict] = {}
        self.svgs: dict[str, dict] = {}
        self._table: dict | None = None
        self._cell: dict | None = None
        self._svg: dict | None = None
        self._title: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "table":
            self._table = self.tables[a["id"]] = {"caption": "", "headers": [], "rows": []}
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._table is not None:
            self._row: list[dict] = []
        elif tag in ("td", "th"):
            self._cell = {"text": "", "value": a.get("data-value"), "tag": tag}
        elif tag == "svg":
            self._svg = self.svgs[a["id"]] = {"attrs": a, "title": None, "shapes": []}
        elif self._svg is not None and tag in ("rect", "circle", "polyline", "line"):
            self._svg["shapes"].append({"tag": tag, **a, "title": None})
        elif tag == "title" and self._svg is not None:
            self._title = []

    def handle_startendtag(self, tag, attrs):
        self.errors.append(f"self-closing <{tag}/>: the reports close every tag explicitly")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "caption" and self._caption is not None:
            self._table["caption"] = "".join(self._caption)
            self._caption = None
        elif tag in ("td", "th"):
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._table is not None:
            if all(c["tag"] == "th" for c in self._row):
                self._table["headers"] = [c["text"] for c in self._row]
            else:
                self._table["rows"].append(self._row)
        elif tag == "table":
            self._table = None
        elif tag == "title" and self._title is not None:
            text = "".join(self._title)
            shapes = self._svg["shapes"]
            if shapes and shapes[-1]["title"] is None and self.stack[-1] in ("rect", "circle", "polyline"):
                shapes[-1]["title"] = text
            elif self._svg["title"] is None:
                self._svg["title"] = text
            self._title = None
        elif tag == "svg":
            self._svg = None

    def handle_data(self, data):
        for sink in (self._caption, self._title):
            if sink is not None:
                sink.append(data)
        if self._cell is not None:
            self._cell["text"] += data

    def row(self, table_id: str, run: str) -> dict[str, dict]:
        table = self.tables[table_id]
        found = [r for r in table["rows"] if r[0]["text"] == run]
        assert len(found) == 1, (table_id, run)
        return dict(zip(table["headers"], found[0], strict=True))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    assert page.errors == [] and page.stack == [], (page.errors, page.stack)
    return page


@pytest.fixture
def one(tmp_path: Path) -> tuple[BenchRun, Page, str]:
    run = make_run()
    md, html = write_reports(run, tmp_path / "out")
    assert (md.name, html.name) == ("report.md", "report.html") and md.parent == tmp_path / "out"
    return run, parse(html), md.read_text(encoding="utf-8")


TASKS = sorted(task for _, task, _, _ in PROBLEMS)
FIGURES = {  # column -> (verdict is strict, attribute of GroupMetrics)
    "best@k AIOpsLab": (False, "best"), "best@k strict": (True, "best"),
    "avg@k AIOpsLab": (False, "avg"), "avg@k strict": (True, "avg"),
    "std AIOpsLab": (False, "std"), "std strict": (True, "std"),
    "gap AIOpsLab": (False, "gap"), "gap strict": (True, "gap"),
    "problems": (False, "problems"), "samples": (False, "samples"), "mean steps": (False, "mean_steps"),
    "mean tokens in": (False, "mean_tokens_in"), "mean tokens out": (False, "mean_tokens_out"),
    "mean wall s": (False, "mean_wall_s"), "mean virtual s": (False, "mean_virtual_s"),
}  # fmt: skip


def expected_figure(run: BenchRun, grouping: str, group: str, column: str) -> float:
    strict, attr = FIGURES[column]
    metrics = next(g for g in summarise(run.samples, strict=strict)[grouping] if g.group == group)
    if attr in ("best", "avg"):
        return getattr(metrics, f"{attr}_at")[-1]
    return getattr(metrics, attr)


# ------------------------------------------------------------------- tables
def test_every_table_has_an_id_and_a_caption(one):
    _, page, _ = one
    expected = {"table-runs", "table-overall", "table-app", "table-split", "table-at-j", "table-failures"}
    expected |= {f"table-task-{t}" for t in TASKS}
    assert set(page.tables) == expected
    assert all(t["caption"] and t["headers"] for t in page.tables.values())
    assert {page.tables[f"table-task-{t}"]["caption"] for t in TASKS} == {f"Task type: {t}" for t in TASKS}


def test_figures_match_summarise(one):
    run, page, _ = one
    checks = [("table-overall", "overall", "all")] + [(f"table-task-{t}", "task", t) for t in TASKS]
    for table_id, grouping, group in checks:
        row = page.row(table_id, "runbook")
        for column in FIGURES:
            want = expected_figure(run, grouping, group, column)
            assert float(row[column]["value"]) == want, (table_id, column)
        assert row["k"]["text"] == "3"
    for grouping in ("app", "split"):
        rows = page.tables[f"table-{grouping}"]["rows"]
        headers = page.tables[f"table-{grouping}"]["headers"]
        assert [r[0]["text"] for r in rows] == [g.group for g in summarise(run.samples)[grouping]]
        for r in rows:
            cells = dict(zip(headers, r, strict=True))
            for column in ("avg@k AIOpsLab", "best@k strict", "mean steps"):
                assert float(cells[column]["value"]) == expected_figure(run, grouping, r[0]["text"], column)


def test_strict_disagreement_and_errors_show_in_the_tables(one):
    _, page, _ = one
    mitigation = page.row("table-task-mitigation", "runbook")
    assert mitigation["best@k AIOpsLab"]["text"] == "100.0" and mitigation["avg@k strict"]["text"] == "33.3"
    assert mitigation["errors"]["text"] == "1"
    assert page.row("table-overall", "runbook")["errors"]["text"] == "1"


def test_failure_table_puts_the_expected_answer_next_to_the_submission(one):
    run, page, _ = one
    table = page.tables["table-failures"]
    rows = [dict(zip(table["headers"], r, strict=True)) for r in table["rows"]]
    not_clean = [s for s in run.samples if not (s.success and s.strict_success and s.error is None)]
    assert len(rows) == len(not_clean) == 9
    by_key = {(r["problem"]["text"], r["sample"]["text"]): r for r in rows}
    errored = by_key[("p-mitigation-1", "2")]
    assert errored["outcome"]["text"] == "error" and errored["error"]["text"] == "twin crashed: <boom> & more"
    assert errored["submission"]["text"] == "-"
    blind = by_key[("p-mitigation-1", "0")]
    assert blind["outcome"]["text"] == "AIOpsLab only"
    assert blind["expected"]["text"] == '{"answer": "truth-p-mitigation-1"}'
    assert blind["submission"]["text"] == '{"answer": "sub-p-mitigation-1-0"}'
    assert by_key[("p-mitigation-1", "1")]["outcome"]["text"] == "strict only"
    assert table["headers"].index("submission") == table["headers"].index("expected") + 1


def test_runs_table_and_at_j_table(one):
    run, page, _ = one
    info = page.row("table-runs", "runbook")
    assert info["samples"]["text"] == "12/12" and info["duration s"]["text"] == "90.0"
    rows = page.tables["table-at-j"]["rows"]
    assert [(r[1]["text"], r[2]["text"]) for r in rows] == [
        ("AIOpsLab", "best@j"), ("AIOpsLab", "avg@j"), ("strict", "best@j"), ("strict", "avg@j")]
    strict = summarise(run.samples, strict=True)["overall"][0]
    assert [float(c["value"]) for c in rows[2][3:]] == strict.best_at
    assert [float(c["value"]) for c in rows[3][3:]] == strict.avg_at


# ------------------------------------------------------------------- charts
def test_every_chart_is_an_labelled_svg(one):
    _, page, _ = one
    assert set(page.svgs) == {"chart-success-aiopslab", "chart-success-strict", "chart-at-j-aiopslab",
                              "chart-at-j-strict", "chart-grid-0"}
    for svg in page.svgs.values():
        assert svg["attrs"]["role"] == "img" and svg["attrs"]["aria-label"] == svg["title"]


def test_success_chart_has_a_bar_per_task_type(one):
    run, page, _ = one
    bars = [s for s in page.svgs["chart-success-strict"]["shapes"] if s["tag"] == "rect" and s["title"]]
    assert [b["title"] for b in bars] == [
        f"runbook, {g.group}: {g.avg_at[-1]:.1f}%"
        for g in summarise(run.samples, strict=True)["overall"] + summarise(run.samples, strict=True)["task"]
    ]


def test_at_j_chart_draws_best_and_avg_for_every_j(one):
    run, page, _ = one
    shapes = page.svgs["chart-at-j-aiopslab"]["shapes"]
    assert [s["title"] for s in shapes if s["tag"] == "polyline"] == ["runbook best@j", "runbook avg@j"]
    points = [s["title"] for s in shapes if s["tag"] == "circle"]
    overall = summarise(run.samples)["overall"][0]
    assert points == [f"runbook best@j, j={j}: {v:.1f}%" for j, v in enumerate(overall.best_at, 1)] + [
        f"runbook avg@j, j={j}: {v:.1f}%" for j, v in enumerate(overall.avg_at, 1)]


def test_grid_has_a_cell_per_sample_with_the_answers_in_its_tooltip(one):
    run, page, _ = one
    cells = [s for s in page.svgs["chart-grid-0"]["shapes"] if s["tag"] == "rect" and s["title"]]
    assert len(cells) == len(PROBLEMS) * 3
    colours = {"p-detection-1 sample 0": Outcome.SUCCESS, "p-localization-1 sample 1": Outcome.AIOPSLAB_ONLY,
               "p-mitigation-1 sample 1": Outcome.STRICT_ONLY, "p-analysis-1 sample 0": Outcome.FAILURE,
               "p-mitigation-1 sample 2": Outcome.ERROR}  # fmt: skip
    for prefix, kind in colours.items():
        (cell,) = [c for c in cells if c["title"].startswith(prefix + " ")]
        assert cell["fill"] == OUTCOME_COLOURS[kind], prefix
        pid = prefix.split()[0]
        assert f'expected: {{"answer": "truth-{pid}"}}' in cell["title"]
    errored = next(c for c in cells if c["title"].startswith("p-mitigation-1 sample 2 "))
    assert "error: twin crashed: <boom> & more" in errored["title"] and "submitted: -" in errored["title"]
    assert any(HOSTILE in c["title"] for c in cells)


def test_unfinished_run_leaves_empty_cells(tmp_path):
    _, html = write_reports(make_run(drop=2), tmp_path)
    page = parse(html)
    titles = [s["title"] for s in page.svgs["chart-grid-0"]["shapes"] if s["tag"] == "rect" and s["title"]]
    assert titles.count("not run") == 2 and len(titles) == 12
    info = page.row("table-runs", "runbook")
    assert info["samples"]["text"] == "10/12" and info["duration s"]["text"] == "unfinished"


# --------------------------------------------------------- self-containment
def test_html_references_nothing_outside_itself(one):
    _, page, _ = one
    assert not {tag for tag, _ in page.tags} & {"script", "link", "img", "iframe", "object", "embed", "use"}
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert "http://" not in (value or "") and "https://" not in (value or ""), (tag, name, value)
            assert not name.startswith("on"), (tag, name)


def test_text_is_escaped(tmp_path):
    _, html = write_reports(make_run(label='<b>"run"</b>'), tmp_path)
    text = html.read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>" not in text and "&lt;script&gt;" in text
    page = parse(html)
    assert page.row("table-overall", '<b>"run"</b>')
    assert '<b>"run"</b>' in page.svgs["chart-grid-0"]["attrs"]["aria-label"]


def test_reports_are_deterministic(tmp_path):
    first = write_reports(make_run(), tmp_path / "a")
    second = write_reports(make_run(), tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


# ----------------------------------------------------------------- markdown
def md_tables(text: str) -> dict[str, list[list[str]]]:
    """Table id -> rows of cells (header first, the alignment row dropped)."""
    tables: dict[str, list[list[str]]] = {}
    for match in re.finditer(r"<!-- (\S+) -->\n\n((?:\|.*\|\n)+)", text):
        lines = match.group(2).splitlines()
        assert re.fullmatch(r"\|(?:-{3}:?\|)+", lines[1]), lines[1]
        rows = [[c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]
        assert len({len(r) for r in rows}) == 1, match.group(1)  # every row has the header's width
        tables[match.group(1)] = [rows[0], *rows[2:]]
    return tables


def test_markdown_has_the_same_tables(one):
    run, page, md = one
    tables = md_tables(md)
    assert set(page.tables) | {"table-grid-0"} == set(tables)
    for table_id in page.tables:
        if table_id == "table-failures":
            continue  # free text is escaped differently in the two formats; checked below
        html_rows = [[c["text"] for c in r] for r in page.tables[table_id]["rows"]]
        assert tables[table_id] == [page.tables[table_id]["headers"], *html_rows], table_id
    header, *rows = tables["table-task-localization"]
    assert dict(zip(header, rows[0], strict=True))["avg@k strict"] == "33.3"


def test_markdown_escapes_cells_and_has_a_text_grid(one):
    _, _, md = one
    failures = md_tables(md)["table-failures"]
    escaped = "&lt;script&gt;alert('x')&lt;/script&gt; | see https://example.com/x"
    assert any(escaped in cell for row in failures for cell in row)
    assert "<script>" not in md
    header, *rows = md_tables(md)["table-grid-0"]
    assert header == ["problem", "task", "#0", "#1", "#2"]
    assert rows[2] == ["p-mitigation-1", "mitigation", "~", "s", "!"]


# --------------------------------------------------------------- comparison
@pytest.mark.parametrize("count", [2, 3])
def test_comparison_puts_runs_side_by_side(tmp_path, count):
    runs = [make_run("runbook"), make_run("llm", agent="llm", invert=True), make_run(None)][:count]
    md, html = compare(runs, tmp_path)
    page = parse(html)
    names = ["runbook", "llm", "runbook #2"][:count]  # the unlabelled runbook run gets a distinct name
    for table_id in ["table-overall", *(f"table-task-{t}" for t in TASKS)]:
        assert [r[0]["text"] for r in page.tables[table_id]["rows"]] == names
    for name, run in zip(names, runs, strict=True):
        row = page.row("table-task-detection", name)
        want = expected_figure(run, "task", "detection", "avg@k AIOpsLab")
        assert float(row["avg@k AIOpsLab"]["value"]) == want
    assert len(page.tables["table-app"]["rows"]) == 3 * count
    assert {f"chart-grid-{i}" for i in range(count)} <= set(page.svgs)
    bars = [s for s in page.svgs["chart-success-aiopslab"]["shapes"] if s["tag"] == "rect" and s["title"]]
    assert len(bars) == count * (1 + len(TASKS))
    lines = [s["title"] for s in page.svgs["chart-at-j-strict"]["shapes"] if s["tag"] == "polyline"]
    assert lines == [f"{n} {m}@j" for n in names for m in ("best", "avg")]
    title = "AOI benchmark comparison: " + " vs ".join(names)
    assert f"<h1>{title}</h1>" in html.read_text(encoding="utf-8") and md.read_text().startswith(f"# {title}")
    assert set(md_tables(md.read_text())) >= {f"table-grid-{i}" for i in range(count)}


def test_compare_of_one_run_is_its_report(tmp_path):
    compare([make_run()], tmp_path / "a")
    write_reports(make_run(), tmp_path / "b")
    assert (tmp_path / "a/report.html").read_bytes() == (tmp_path / "b/report.html").read_bytes()
    with pytest.raises(ValueError, match="at least one run"):
        compare([], tmp_path / "c")


# ------------------------------------------------------------------ charts
def test_charts_draw_nothing_for_missing_values_and_a_single_point():
    bars = bar_chart("c", "bars", ["a", "b"], [Series("s", [None, 50.0], "#000000")], y_title="%")
    assert bars.count("<title>s, ") == 1
    line = line_chart("l", "line", [1], [Series("s", [40.0], "#000000")], x_title="j", y_title="%")
    assert line.count("<circle") == 1
