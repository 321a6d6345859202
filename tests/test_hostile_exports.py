"""Hostile values in records come out of every export inert, and never break it.

Names are put into people, organisations and professions as a hostile or careless
editor could, then the CSV, XLSX and PDF downloads of the leaders' directory, the
talent profiles and the board reports are read back: a cell a spreadsheet would run as
a formula starts with an apostrophe, control characters XLSX cannot hold are dropped
(openpyxl raised IllegalCharacterError, a 500), and text with < and & reaches the PDF
as written (reportlab's Paragraph read it as markup: an error, or changed formatting).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.roles import Role
from careers.models import Profession
from careers.models import Role as CatalogueRole
from conftest import TRUST_A
from leadership.models import Organisation
from leadership.tests.factories import AppointmentFactory, PersonFactory
from reports.tests.factories import cell, manchester_board
from reports.tests.test_dashboards import build_all
from talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db

# (stored value, as a spreadsheet export must give it back)
HOSTILE = [
    (
        '=HYPERLINK("http://evil.example","Click")',
        '\'=HYPERLINK("http://evil.example","Click")',
    ),
    ("+44 20 7946 0000", "'+44 20 7946 0000"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Plain Name", "Plain Name"),
]
# Control characters XLSX cannot hold: dropped, and then neutralised if need be.
CONTROL = [
    ("Bell\x07 Name", "Bell Name"),
    ("\x01=1+1", "'=1+1"),
    ("Esc\x1b[31mRed", "Esc[31mRed"),
]
MARKUP = "<b>Bold</b> & Sons <font size=40>Big</font> <unclosed"


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode(), newline="")))


def xlsx_rows(response: Any) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(body(response))).active
    # Every cell of ours must be text or a number, never a formula ("f").
    assert "f" not in {c.data_type for row in sheet.iter_rows() for c in row}
    return list(sheet.values)


def leader(name: str) -> None:
    AppointmentFactory(
        person=PersonFactory(full_name=name),
        role=CatalogueRole.objects.get(code="chief-executive"),
        board_seat="executive",
        is_voting=True,
    )


# ------------------------------------------------------------------ leaders


def test_the_leaders_csv_neutralises_every_formula_prefix(client, national_admin):
    for stored, _ in HOSTILE:
        leader(stored)
    client.force_login(national_admin)

    response = client.get(reverse("leadership:leader-list"), {"export": "csv"})

    names = sorted(row[1] for row in csv_rows(response)[1:])
    assert names == sorted(expected for _, expected in HOSTILE)


def test_the_leaders_xlsx_survives_control_characters_and_neutralises_formulas(
    client, national_admin
):
    for stored, _ in HOSTILE + CONTROL:
        leader(stored)
    client.force_login(national_admin)

    response = client.get(reverse("leadership:leader-list"), {"export": "xlsx"})

    assert response.status_code == 200
    names = sorted(row[1] for row in xlsx_rows(response)[1:])
    # XML reads a stored carriage return back as a line feed: still after the quote.
    expected = [e.replace("\r", "\n") for _, e in HOSTILE + CONTROL]
    assert names == sorted(expected)


# ------------------------------------------------------------------ talent


def test_the_talent_csv_neutralises_names_and_organisations(client, make_user):
    Organisation.objects.filter(ods_code=TRUST_A).update(name="=Trust()")
    for stored, _ in HOSTILE:
        TalentProfileFactory(person=PersonFactory(full_name=stored))
    client.force_login(make_user("lead@example.nhs.uk", Role.TALENT_LEAD, TRUST_A))

    response = client.get(reverse("talent:profile-list"), {"format": "csv"})

    rows = csv_rows(response)[1:]
    assert sorted(r[0] for r in rows) == sorted(expected for _, expected in HOSTILE)
    assert {r[1] for r in rows} == {"'=Trust()"}


# ------------------------------------------------------------------ reports


@pytest.fixture
def hostile_reports(make_user):
    """R0A's reports, built with a hostile trust name and profession name."""
    Organisation.objects.filter(ods_code=TRUST_A).update(name=MARKUP + "\x07")
    Profession.objects.filter(code="nursing").update(name="=cmd|' /C calc'!A0 <i>&")
    manchester_board()
    cell("R0A", "nursing", 2, 300)
    cell("R0A", "nursing", 5, 40, sex="M", ethnic="H")
    cell("R0A", "physiotherapy", 2, 30)
    build_all(Organisation.objects.get(ods_code=TRUST_A))
    return make_user("own@example.nhs.uk", Role.TALENT_LEAD, TRUST_A)


def test_report_csv_and_xlsx_neutralise_a_hostile_profession_name(
    client, hostile_reports
):
    client.force_login(hostile_reports)

    as_csv = csv_rows(client.get("/reports/R0A/ceiling.csv"))
    as_xlsx = xlsx_rows(client.get("/reports/R0A/ceiling.xlsx"))

    assert "'=cmd|' /C calc'!A0 <i>&" in [row[0] for row in as_csv]
    assert "'=cmd|' /C calc'!A0 <i>&" in [row[0] for row in as_xlsx]


@pytest.mark.parametrize("kind", ["ceiling", "board-diversity"])
def test_the_pdf_board_paper_prints_markup_in_names_as_text(
    client, hostile_reports, kind
):
    client.force_login(hostile_reports)

    response = client.get(f"/reports/R0A/{kind}.pdf")

    assert response.status_code == 200
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(body(response))).pages
    )
    # Line breaks fall where the paper wraps, so compare the words.
    words = " ".join(text.split())
    assert MARKUP in words
    if kind == "ceiling":
        assert "'=cmd|' /C calc'!A0 <i>&" in words
