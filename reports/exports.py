"""CSV, XLSX and a PDF board paper of a report, from the figures as shown.

Exports take the presented result (the small-number rule already applied for the
reader), so a download never holds more than the page; CSV and XLSX go through
accounts.exports, which neutralises cells a spreadsheet could run as formulas.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from typing import Any

from django.http import FileResponse, Http404, HttpResponse

from accounts.exports import csv_response, neutralise, xlsx_response
from leadership.models import Organisation
from reports.presenters.text import board_lines

RULE = (
    "Small numbers: outside the organisation's own talent lead and board, counts below "
    "national level of 1 to 7 show as *, other counts are rounded to the nearest 5, "
    "percentages come from the rounded figures, and further cells are hidden where a "
    "hidden one could be worked out from the totals."
)


def _pct(value: Any) -> Any:
    return "" if value is None else value


def ceiling_table(shown: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    levels = [lv["code"] for lv in shown["levels"]]
    header = [
        "Profession",
        "Group",
        *levels,
        "Total",
        "Share of workforce (%)",
        "Ceiling",
        "Furthest below at",
        "Gap there (pp)",
        "Board members",
        "Share of board (%)",
        "Board gap (pp)",
    ]
    rows = []
    for r in shown["professions"] or shown["groups"]:
        short = r["shortfall"] or {}
        rows.append(
            [
                r["name"],
                r["group"],
                *r["cells"],
                r["total"],
                _pct(r["workforce_share"]),
                r["ceiling"]["code"] if r["ceiling"] else "",
                short.get("code", ""),
                _pct(short.get("gap")),
                r["board"],
                _pct(r["board_share"]),
                _pct(r["board_gap"]),
            ]
        )
    rows.append(
        [
            "All",
            "",
            *shown["level_totals"],
            shown["total"],
            100,
            "",
            "",
            "",
            shown["board_total"],
            "",
            "",
        ]
    )
    return header, rows


def board_table(shown: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = [
        "Section",
        "Measure",
        "Count",
        "Share (%)",
        "Workforce share (%)",
        "Gap (pp)",
        "Note",
    ]
    rows: list[list[Any]] = []
    for seat in shown["seats"]["rows"]:
        rows.append(
            ["Seats", f"{seat['label']} voting", seat["voting"], "", "", "", ""]
        )
        rows.append(
            ["Seats", f"{seat['label']} non-voting", seat["non_voting"], "", "", "", ""]
        )
    rows.append(["Seats", "All", shown["seats"]["total"], "", "", "", ""])
    bg = shown["background"]
    rows.append(
        [
            "Background",
            "Clinical",
            bg["clinical"],
            _pct(bg["clinical_share"]),
            "",
            "",
            "",
        ]
    )
    rows.append(["Background", "Non-clinical", bg["non_clinical"], "", "", "", ""])
    for g in shown["groups"]:
        rows.append(
            ["Profession group", g["name"], g["all"], _pct(g["share"]), "", "", ""]
        )
    for p in shown["professions"]:
        rows.append(["Profession", p["name"], p["all"], _pct(p["share"]), "", "", ""])
    for dim in shown["demographics"]:
        for pop in dim["populations"]:
            board = pop["board"]
            note = "Low declaration rate: not a finding" if pop["warning"] else ""
            rows.append(
                [
                    f"{dim['focus_label']} ({pop['label'].lower()})",
                    "Share of declared",
                    board["declared"],
                    _pct(board["share"]),
                    _pct(dim["workforce"]["share"]),
                    _pct(pop["gap"]),
                    note,
                ]
            )
            rows.append(
                [
                    f"{dim['focus_label']} ({pop['label'].lower()})",
                    "Declaration rate",
                    board["total"],
                    _pct(board["declaration_rate"]),
                    _pct(dim["workforce"]["declaration_rate"]),
                    "",
                    "",
                ]
            )
            for group in board["groups"]:
                if group["code"] == "not_declared":
                    rows.append(
                        [
                            f"{dim['focus_label']} ({pop['label'].lower()})",
                            "Not declared",
                            group["count"],
                            _pct(group["share"]),
                            "",
                            "",
                            "",
                        ]
                    )
    c = shown["contracts"]
    rows.append(
        [
            "Contracts",
            "Interim or fixed-term",
            c["interim_or_fixed_term"],
            _pct(c["share"]),
            "",
            "",
            "",
        ]
    )
    t = shown["tenure_days"] or {}
    rows.append(
        [
            "Tenure",
            "Mean days in post",
            t.get("count", ""),
            "",
            "",
            "",
            t.get("mean", ""),
        ]
    )
    for a in shown["absent"]:
        rows.append(
            [
                "Absent from boards",
                a["name"],
                a["boards_without"],
                "",
                "",
                "",
                "boards without one",
            ]
        )
    ceo = shown["chief_executives"]
    rows.append(
        [
            "Chief executives",
            "Clinicians",
            ceo["clinicians"],
            _pct(ceo["clinician_share"]),
            "",
            "",
            "",
        ]
    )
    for g in ceo["clinicians_by_group"]:
        rows.append(
            [
                "Chief executives",
                f"Clinicians: {g['name']}",
                g["people"],
                _pct(g["share"]),
                "",
                "",
                "",
            ]
        )
    rows.append(
        [
            "Chief executives",
            "Interim or fixed-term",
            "",
            _pct(ceo["interim_or_fixed_term_share"]),
            "",
            "",
            "",
        ]
    )
    rows.append(["Chief executives", "Women", "", _pct(ceo["women_share"]), "", "", ""])
    rows.append(["Chief executives", "BME", "", _pct(ceo["bme_share"]), "", "", ""])
    return header, rows  # fmt: skip


def _table(shown: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    return ceiling_table(shown) if shown["kind"] == "ceiling" else board_table(shown)


def report_export(
    shown: dict[str, Any], *, fmt: str, scope: Organisation
) -> HttpResponse:
    name = f"{shown['kind']}-{scope.ods_code}-{shown['as_of']}"
    header, rows = _table(shown)
    if fmt == "csv":
        return csv_response(f"{name}.csv", header, rows)
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", header, rows, title=shown["kind"])
    if fmt == "pdf":
        return board_paper(shown, scope=scope, filename=f"{name}.pdf")
    raise Http404


def _paper_rows(rows: list[list[Any]]) -> Iterator[list[str]]:
    for row in rows:
        yield [str(neutralise(v)) for v in row]


def _text(value: Any) -> str:
    """Plain text as reportlab Paragraph markup: < and & in a name are not tags.

    Paragraph parses its text as XML-like markup, so an organisation called "A & B"
    or "<b>" failed to build (a 500) or changed the paper's formatting.
    """
    return html.escape(str(value), quote=False)


def board_paper(
    shown: dict[str, Any], *, scope: Organisation, filename: str
) -> FileResponse:
    """A landscape A4 board paper: title, the rule, the summary and the table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import (
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    buffer = io.BytesIO()
    title = "Ceiling report" if shown["kind"] == "ceiling" else "Board diversity report"
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=f"{title}: {scope.name}",
        leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36,
    )  # fmt: skip
    styles = getSampleStyleSheet()
    story: list[Any] = [
        Paragraph(_text(f"{title}: {scope.name} ({scope.ods_code})"), styles["Title"]),
        Paragraph(_text(f"Figures at {shown['as_of']}."), styles["Normal"]),
        Spacer(1, 6),
    ]
    if shown["suppressed"]:
        story.append(Paragraph(RULE, styles["Italic"]))
    if shown["kind"] == "board-diversity":
        for line in board_lines(shown):
            story.append(Paragraph(_text(line), styles["Normal"]))
    story.append(Spacer(1, 10))
    header, rows = _table(shown)
    small = styles["BodyText"].clone("small", fontSize=7, leading=8)
    heading = small.clone("heading", textColor=colors.white)
    data = [[Paragraph(_text(h), heading) for h in header]] + [
        [Paragraph(_text(v), small) for v in row] for row in _paper_rows(rows)
    ]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#005eb8")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#aeb7bd")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 8))
    story.append(
        Paragraph(RULE, styles["Italic"]) if not shown["suppressed"] else Spacer(1, 1)
    )
    doc.build(story)
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=filename, content_type="application/pdf"
    )
