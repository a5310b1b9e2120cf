"""Hand-drawn inline SVG charts: grouped bars, lines against j, and a grid of coloured cells.

The charts know nothing about benchmarks: they take names, numbers and colours. Each returns one
``<svg>`` element with an ``id``, ``role="img"``, an ``aria-label`` and a ``<title>``, and every
bar, point and cell carries its own ``<title>`` (the browser's tooltip). All text is escaped; no
script, stylesheet, font or image is referenced, so a page holding them needs no network. The
``xmlns`` attribute is left out: an ``<svg>`` inside HTML does not need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

__all__ = ["PALETTE", "GridCell", "Series", "bar_chart", "grid_chart", "line_chart"]

# Okabe & Ito's colour-blind-safe palette, black last.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")

_CHAR_W = 6.5  # rough width of one 11px sans-serif character, to leave room for labels


@dataclass(frozen=True)
class Series:
    """One named run of values (``None`` where there is none), drawn in one colour."""

    name: str
    values: list[float | None]
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class GridCell:
    colour: str
    tooltip: str


def _a(value: object) -> str:
    return escape(str(value), quote=True)


def _open(chart_id: str, label: str, width: float, height: float) -> str:
    w, h = round(width), round(height)
    return (f'<svg id="{_a(chart_id)}" role="img" aria-label="{_a(label)}" viewBox="0 0 {w} {h}" '
            f'width="{w}" height="{h}"><title>{escape(label)}</title>')


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "", size: int = 11) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-family="sans-serif" '
            f'font-size="{size}"{extra}>{escape(text)}</text>')


def _legend(items: list[tuple[str, str, str]], x: float, y: float) -> str:
    """One row per (name, colour, swatch) item; the swatch is ``box``, ``line`` or ``dash``."""
    out = []
    for i, (name, colour, swatch) in enumerate(items):
        yy = y + 16 * i
        if swatch == "box":
            out.append(f'<rect x="{x:.1f}" y="{yy - 10:.1f}" width="12" height="12" '
                       f'fill="{_a(colour)}"></rect>')
        else:
            dash = ' stroke-dasharray="4 2"' if swatch == "dash" else ""
            out.append(f'<line x1="{x:.1f}" y1="{yy - 4:.1f}" x2="{x + 12:.1f}" y2="{yy - 4:.1f}" '
                       f'stroke="{_a(colour)}" stroke-width="2"{dash}></line>')
        out.append(_text(x + 18, yy, name))
    return "".join(out)


def _y_axis(left: float, top: float, width: float, height: float, title: str) -> str:
    """Percent grid lines at 0, 25, ..., 100 and the axis title."""
    out = []
    for tick in (0, 25, 50, 75, 100):
        y = top + height * (1 - tick / 100)
        out.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + width:.1f}" y2="{y:.1f}" '
                   f'stroke="#dddddd"></line>')
        out.append(_text(left - 6, y + 4, str(tick), "end"))
    out.append(_text(12, top + height / 2, title, "middle",
                     f' transform="rotate(-90 12 {top + height / 2:.1f})"'))
    return "".join(out)


def _legend_width(names: list[str]) -> float:
    return 18 + _CHAR_W * max((len(n) for n in names), default=0)


def bar_chart(chart_id: str, label: str, groups: list[str], series: list[Series], *, y_title: str) -> str:
    """Grouped bars, values in percent: one cluster per group, one bar per series (``None``: no bar)."""
    left, top, plot_h, bar_w, gap = 56, 14, 220, 18, 22
    cluster = max(len(series), 1) * bar_w + gap
    label_w = max((_CHAR_W * len(g) for g in groups), default=0)
    cluster = max(cluster, label_w + 8)
    plot_w = max(cluster * len(groups), 200)
    width = max(left + plot_w + 16, left + _legend_width([s.name for s in series]) + 16)
    height = top + plot_h + 30 + 16 * len(series) + 8
    out = [_open(chart_id, label, width, height), _y_axis(left, top, plot_w, plot_h, y_title)]
    for gi, group in enumerate(groups):
        x0 = left + gi * cluster + (cluster - len(series) * bar_w) / 2
        for si, s in enumerate(series):
            value = s.values[gi] if gi < len(s.values) else None
            if value is None:
                continue
            h = plot_h * max(0.0, min(value, 100.0)) / 100
            x, y = x0 + si * bar_w, top + plot_h - h
            tip = escape(f"{s.name}, {group}: {value:.1f}%")
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2}" height="{h:.1f}" '
                       f'fill="{_a(s.colour)}"><title>{tip}</title></rect>')
            out.append(_text(x + (bar_w - 2) / 2, y - 3, f"{value:.0f}", "middle", size=9))
        out.append(_text(left + gi * cluster + cluster / 2, top + plot_h + 16, group, "middle"))
    out.append(_legend([(s.name, s.colour, "box") for s in series], left, top + plot_h + 44))
    out.append("</svg>")
    return "".join(out)


def line_chart(chart_id: str, label: str, xs: list[int], series: list[Series], *, x_title: str,
               y_title: str) -> str:
    """Lines in percent against the integer points ``xs``; each point has a tooltip."""
    left, top, plot_w, plot_h = 56, 14, 360, 220
    width = max(left + plot_w + 24, left + _legend_width([s.name for s in series]) + 16)
    height = top + plot_h + 46 + 16 * len(series) + 8

    def at(i: int, value: float) -> tuple[float, float]:
        x = left + (plot_w / 2 if len(xs) == 1 else plot_w * i / (len(xs) - 1))
        return x, top + plot_h * (1 - max(0.0, min(value, 100.0)) / 100)

    out = [_open(chart_id, label, width, height), _y_axis(left, top, plot_w, plot_h, y_title)]
    for i, x in enumerate(xs):
        out.append(_text(at(i, 0)[0], top + plot_h + 16, str(x), "middle"))
    out.append(_text(left + plot_w / 2, top + plot_h + 32, x_title, "middle"))
    for s in series:
        points = [(xs[i], *at(i, v)) for i, v in enumerate(s.values[: len(xs)]) if v is not None]
        dash = ' stroke-dasharray="6 3"' if s.dashed else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for _, x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{_a(s.colour)}" stroke-width="2"{dash}>'
                   f"<title>{escape(s.name)}</title></polyline>")
        for (j, x, y), v in zip(points, [v for v in s.values[: len(xs)] if v is not None], strict=True):
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{_a(s.colour)}">'
                       f"<title>{escape(f'{s.name}, j={j}: {v:.1f}%')}</title></circle>")
    swatches = [(s.name, s.colour, "dash" if s.dashed else "line") for s in series]
    out.append(_legend(swatches, left, top + plot_h + 58))
    out.append("</svg>")
    return "".join(out)


def grid_chart(chart_id: str, label: str, rows: list[str], columns: list[str],
               cells: list[list[GridCell | None]], legend: list[tuple[str, str]]) -> str:
    """A row per ``rows`` entry, a square per column; ``None`` cells are drawn empty ("not run")."""
    size, pad = 16, 2
    left = 10 + _CHAR_W * max((len(r) for r in rows), default=0)
    top = 22
    width = max(left + (size + pad) * len(columns) + 16, 10 + _legend_width([n for n, _ in legend]) + 16)
    height = top + (size + pad) * len(rows) + 12 + 16 * len(legend) + 8
    out = [_open(chart_id, label, width, height)]
    for ci, column in enumerate(columns):
        out.append(_text(left + ci * (size + pad) + size / 2, top - 8, column, "middle"))
    for ri, row in enumerate(rows):
        y = top + ri * (size + pad)
        out.append(_text(left - 6, y + size - 4, row, "end"))
        for ci in range(len(columns)):
            cell = cells[ri][ci] if ci < len(cells[ri]) else None
            x = left + ci * (size + pad)
            fill, stroke, tip = ("#ffffff", "#bbbbbb", "not run") if cell is None else (cell.colour, "none",
                                                                                          cell.tooltip)
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{size}" height="{size}" fill="{_a(fill)}" '
                       f'stroke="{stroke}"><title>{escape(tip)}</title></rect>')
    legend_top = top + (size + pad) * len(rows) + 22
    out.append(_legend([(name, colour, "box") for name, colour in legend], 10, legend_top))
    out.append("</svg>")
    return "".join(out)
