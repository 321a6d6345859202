"""Journey: a national admin fixes a leaders CSV and imports it.

The first upload has an unknown role code on row 4: nothing is imported and the page
names the row, the column and the reason. The fixed file imports two people, their
appointments and a registration, and they are then in the directory. Without
JavaScript the same upload shows the same problem, the fixed file imports again with
nothing doubled, and the directory's search form and table work.
Screenshots: artifacts/screenshots/leaders-import/.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import Role
from conftest import TRUST_A
from leadership.models import Person
from leadership.services.imports import COLUMNS
from tests.e2e import harness

browser = harness.browser
journey = harness.journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


LEADERS = [
    {"record": "person", "person_ref": "E2E-0001", "full_name": "Helen Achebe",
     "profession": "nursing", "sex": "F", "year_of_birth": "1971"},
    {"record": "appointment", "person_ref": "E2E-0001", "organisation": TRUST_A,
     "role": "deputy-chief-nurse", "title": "Deputy Chief Nurse",
     "start": "2019-04", "end": "2023-03"},
    # A common slip: the board title instead of the catalogue code (director-of-nursing).
    {"record": "appointment", "person_ref": "E2E-0001", "organisation": TRUST_A,
     "role": "chief-nurse", "title": "Chief Nurse", "start": "2023-04-01"},
    {"record": "person", "person_ref": "E2E-0002", "full_name": "Dr Kwame Mensah",
     "profession": "medicine", "sex": "M", "year_of_birth": "1969"},
    {"record": "appointment", "person_ref": "E2E-0002", "organisation": "RJ1",
     "role": "medical-director", "title": "Medical Director", "start": "2021-09-01"},
    {"record": "registration", "person_ref": "E2E-0002", "regulator": "GMC",
     "registration_number": "7654321", "registration_status": "licensed",
     "revalidation_due": "2028-01-31", "clinical_work": "yes",
     "clinical_sessions": "2"},
]  # fmt: skip


UNKNOWN_ROLE = "Unknown role 'chief-nurse'."


def leaders_csv(folder: Path, name: str, rows: list[dict[str, str]]) -> Path:
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def national_admin_user(reference_data: None, make_user: Any) -> User:
    return make_user(
        "national.admin@example.nhs.uk",
        Role.NATIONAL_ADMIN,
        "ENG",
        full_name="Nadia Karim",
    )


def upload(page: Any, path: Path) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Import leaders")
    page.set_input_files("#id_file", path)
    page.get_by_role("button", name="Check and import").click()


def expect_problem(page: Any, row: str, column: str, reason: str) -> None:
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The selected file has 1 problem. Nothing was imported."
    )
    problems = page.get_by_role(
        "table", name="Problems found in the file, by row and column"
    ).locator("tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first.get_by_role("cell")).to_have_text(
        [f"Row {row}", f"Column {column}", f"Problem {reason}"]
    )


def expect_directory(
    page: Any, search: str, names: list[str], posts: list[str]
) -> None:
    page.fill("#id_q", search)
    page.get_by_role("button", name=re.compile("^(Apply filters|Search)")).click()
    rows = page.get_by_role("table", name="Senior leaders").locator("tbody tr")
    expect(rows.locator("td:first-child a")).to_have_text(names)
    for row, post in zip(rows.all(), posts, strict=True):
        expect(row).to_contain_text(post)


def test_national_admin_fixes_a_leaders_csv_and_imports_it(
    journey, national_admin_user, tmp_path
):
    bad = leaders_csv(tmp_path, "leaders.csv", LEADERS)
    fixed_rows = [dict(row) for row in LEADERS]
    fixed_rows[2]["role"] = "director-of-nursing"
    fixed = leaders_csv(tmp_path, "leaders-fixed.csv", fixed_rows)

    j = journey("leaders-import")
    page = j.page
    j.sign_in(page, national_admin_user.email, "/leaders/import/")
    j.see(page, "import-form")
    upload(page, bad)
    expect_problem(page, "4", "role", UNKNOWN_ROLE)
    j.see(page, "import-problem")
    assert not Person.objects.filter(external_ref__startswith="E2E-").exists()

    upload(page, fixed)
    expect(page.get_by_role("heading", level=1)).to_have_text("Leaders imported")
    expect(page.locator("#import-result")).to_contain_text("6 rows read")
    changed = page.get_by_role("table", name="What the import changed")
    expect(changed.get_by_role("rowheader")).to_have_text(
        ["Persons", "Appointments", "Qualifications", "Registrations"]
    )
    expect(changed.locator("tbody tr").nth(0).get_by_role("cell")).to_have_text(
        ["2", "0", "0"]
    )
    expect(changed.locator("tbody tr").nth(1).get_by_role("cell")).to_have_text(
        ["3", "0", "0"]
    )
    j.see(page, "imported")

    page.get_by_role("link", name="Go to the senior leaders").click()
    j.see(page, "directory")
    expect_directory(
        page,
        "Helen Achebe",
        ["Helen Achebe"],
        ["Chief Nurse, Manchester University NHS Foundation Trust"],
    )
    j.see(page, "directory-helen-achebe")
    page.get_by_role("link", name="Helen Achebe").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Helen Achebe")
    posts = page.get_by_role("table", name="Posts held").locator("tbody tr")
    expect(posts.locator("td:first-child")).to_have_text(
        [re.compile("Chief Nurse"), re.compile("Deputy Chief Nurse")]
    )
    j.see(page, "leader-helen-achebe")

    # Without JavaScript: the upload, its problem table, the result and the directory.
    nojs = j.nojs
    nojs.goto(j.url("/leaders/import/"))
    j.see(nojs, "import-form")
    upload(nojs, bad)
    expect_problem(nojs, "4", "role", UNKNOWN_ROLE)
    j.see(nojs, "import-problem")
    upload(nojs, fixed)  # the same file again: nothing new, nothing doubled
    expect(nojs.get_by_role("heading", level=1)).to_have_text("Leaders imported")
    unchanged = nojs.get_by_role("table", name="What the import changed")
    expect(unchanged.locator("tbody tr").nth(0).get_by_role("cell")).to_have_text(
        ["0", "0", "2"]
    )
    j.see(nojs, "imported-again")
    nojs.goto(j.url("/leaders/"))
    j.see(nojs, "directory")
    expect_directory(
        nojs,
        "Mensah",
        ["Dr Kwame Mensah"],
        ["Medical Director, Guy's and St Thomas' NHS Foundation Trust"],
    )
    j.see(nojs, "directory-kwame-mensah")
    assert Person.objects.filter(external_ref__startswith="E2E-").count() == 2
