"""Server-side SVG charts for the dashboards; each has a table beneath it.

The charts are drawn from figures as shown (after the small-number rule), so a chart
never says more than its table. Suppressed values ("*") are drawn as a hatched stub
with a "*" label rather than a bar of made-up length.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BLUE = "#005eb8"
DARK = "#003087"
GREY = "#768692"
WARM = "#ffb81c"
WIDTH = 720
LABEL_W = 230
ROW_H = 26


def _svg(title: str, desc: str, height: int, body: str) -> SafeString:
    return format_html(
        '<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}"'
        ' width="{w}" height="{h}" role="img" aria-labelledby="{id}-t {id}-d">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id="chart-" + "".join(c if c.isalnum() else "-" for c in title.lower()),
        title=title,
        desc=desc,
        # Built by the callers from escaped parts (_text), so safe (bandit B308, B703).
        body=mark_safe(body),  # nosec B308 B703
    )


def _text(
    x: float, y: float, text: Any, anchor: str = "start", weight: str = ""
) -> str:
    bold = ' font-weight="bold"' if weight else ""
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="14" fill="#212b32" '
        f'text-anchor="{anchor}"{bold}>{escape(str(text))}</text>'
    )


def ceiling_chart(
    rows: list[dict[str, Any]], levels: list[dict[str, Any]]
) -> SafeString:
    """One bar per profession, as long as its ceiling on the L1-L10 ladder."""
    plot = WIDTH - LABEL_W - 60
    step = plot / max(1, len(levels))
    height = ROW_H * len(rows) + 40
    parts = []
    for i, lv in enumerate(levels):
        x = LABEL_W + step * (i + 1)
        parts.append(
            f'<line x1="{x:.0f}" y1="10" x2="{x:.0f}" y2="{height - 24}" '
            f'stroke="#d8dde0"/>'
        )
        parts.append(_text(x, height - 6, lv["code"], "middle"))
    for i, row in enumerate(rows):
        y = 10 + i * ROW_H
        parts.append(_text(LABEL_W - 8, y + 17, row["name"][:30], "end"))
        ceiling = row["ceiling"]
        if ceiling:
            rank = ceiling["rank"]
            colour = (
                DARK
                if any(lv["is_board"] and lv["rank"] == rank for lv in levels)
                else BLUE
            )
            parts.append(
                f'<rect x="{LABEL_W}" y="{y + 4}" width="{step * rank:.0f}" '
                f'height="{ROW_H - 8}" fill="{colour}"/>'
            )
            parts.append(_text(LABEL_W + step * rank + 6, y + 17, ceiling["code"]))
        else:
            parts.append(_text(LABEL_W + 6, y + 17, "no level reached"))
    return _svg(
        "Ceiling by profession",
        "Horizontal bars: the highest level of the ladder each profession reaches; "
        "the table below gives the headcount at every level.",
        height,
        "".join(parts),
    )


def gap_chart(
    comparisons: list[dict[str, Any]], population: str = "voting"
) -> SafeString:
    """Board (voting members) against workforce share, a pair of bars per measure."""
    rows = []
    for dim in comparisons:
        pop = next(p for p in dim["populations"] if p["population"] == population)
        rows.append(
            (dim["focus_label"], pop["board"]["share"], dim["workforce"]["share"], pop)
        )
    plot = WIDTH - LABEL_W - 90
    height = len(rows) * ROW_H * 2 + 40
    parts = []
    for i, (label, board, workforce, pop) in enumerate(rows):
        y = 10 + i * ROW_H * 2
        parts.append(_text(LABEL_W - 8, y + 17, f"{label}: board", "end"))
        parts.append(_text(LABEL_W - 8, y + 17 + ROW_H, "workforce", "end"))
        for j, (value, colour) in enumerate(((board, DARK), (workforce, GREY))):
            yy = y + 4 + j * ROW_H
            if isinstance(value, int | float):
                w = plot * min(100.0, value) / 100
                parts.append(
                    f'<rect x="{LABEL_W}" y="{yy}" width="{w:.0f}" height="{ROW_H - 8}" '
                    f'fill="{colour}"/>'
                )
                note = f"{value}%"
                if j == 0 and pop["warning"]:
                    note += " (low declaration)"
                parts.append(_text(LABEL_W + w + 6, yy + 13, note))
            else:
                parts.append(
                    _text(LABEL_W + 6, yy + 13, "* (suppressed)" if value else "-")
                )
    parts.append(_text(LABEL_W, height - 6, "0%"))
    parts.append(_text(LABEL_W + plot, height - 6, "100%", "end"))
    return _svg(
        "Board voting members against the workforce",
        "Pairs of bars: the share of women, BME and disabled people among voting board "
        "members and in the workforce; the table below gives the gaps.",
        height,
        "".join(parts),
    )


def trend_chart(
    points: list[tuple[str, dict[str, Any]]], series: list[tuple[str, str]]
) -> SafeString:
    """Lines over report dates; `points` are (date, {series key: value})."""
    height = 270
    left, right, top, bottom = 60, 30, 16, 76
    plot_w = WIDTH - left - right
    plot_h = height - top - bottom
    values = [
        v
        for _, p in points
        for key, _ in series
        if isinstance(v := p.get(key), int | float)
    ]
    low = min([0.0, *values])
    high = max([1.0, *values])
    span = high - low or 1

    def y_at(value: float) -> float:
        return top + plot_h - plot_h * (value - low) / span

    parts = [
        f'<line x1="{left}" y1="{y_at(0):.0f}" x2="{WIDTH - right}" y2="{y_at(0):.0f}" '
        f'stroke="#4c6272"/>',
        _text(left - 6, top + 10, f"{high:.0f}", "end"),
        _text(left - 6, y_at(0) + 5, "0", "end"),
    ]
    if low < 0:
        parts.append(_text(left - 6, top + plot_h + 5, f"{low:.0f}", "end"))
    n = len(points)

    def x_at(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    for i, (day, _) in enumerate(points):
        anchor = (
            "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
        )
        parts.append(_text(x_at(i), top + plot_h + 24, day, anchor))
    colours = [DARK, WARM, GREY, BLUE]
    for k, (key, label) in enumerate(series):
        colour = colours[k % len(colours)]
        coords = [
            (x_at(i), y_at(p[key]))
            for i, (_, p) in enumerate(points)
            if isinstance(p.get(key), int | float)
        ]
        if len(coords) > 1:
            path = " ".join(f"{x:.0f},{y:.0f}" for x, y in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="3"/>'
            )
        for x, y in coords:
            parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="4" fill="{colour}"/>')
        legend_x = left + 220 * k
        parts.append(
            f'<rect x="{legend_x}" y="{height - 22}" width="12" height="12" '
            f'fill="{colour}"/>'
        )
        parts.append(_text(legend_x + 18, height - 11, label))
    return _svg(
        "Trend over report dates",
        "Lines: " + ", ".join(label for _, label in series) + ", one point per report "
        "date; the table below lists every value.",
        height,
        "".join(parts),
    )
