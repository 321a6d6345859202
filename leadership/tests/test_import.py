"""Leaders' CSV import: the sample, re-imports, every problem kind, the command, the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from careers.models import Role as CatalogueRole
from leadership.models import (
    Appointment,
    DatePrecision,
    Person,
    Qualification,
    Registration,
)
from leadership.services.imports import (
    COLUMNS,
    NOT_UTF8,
    SAMPLE_PATH,
    ImportResult,
    Problem,
    leaders_import,
    leaders_validate,
)
from leadership.tests.factories import PersonFactory, leaders_csv, person_row
from regulation.models import Regulator

pytestmark = pytest.mark.django_db

URL = "/leaders/import/"
SAMPLE_ROWS = {"person": 4, "appointment": 20, "qualification": 10, "registration": 3}


def appointment(ref: str = "P1", **extra: Any) -> dict[str, Any]:
    row = {
        "record": "appointment",
        "person_ref": ref,
        "organisation": "R0A",
        "role": "ward-manager",
        "start": "2015-04-01",
    }
    return {**row, **extra}


def registration(ref: str = "P1", number: str = "1234567", **extra: Any) -> dict:
    row = {
        "record": "registration",
        "person_ref": ref,
        "regulator": "GMC",
        "registration_number": number,
        "registration_status": "registered",
    }
    return {**row, **extra}


def run(data: bytes, **options: Any) -> ImportResult:
    return leaders_import(file=io.BytesIO(data), **options)


def import_sample() -> ImportResult:
    with SAMPLE_PATH.open("rb") as stream:
        return leaders_import(file=stream)


def counts(result: ImportResult) -> dict[str, tuple[int, int, int]]:
    return {k: (c.created, c.updated, c.unchanged) for k, c in result.counts.items()}


def table_sizes() -> dict[str, int]:
    models = (Person, Appointment, Qualification, Registration)
    sizes = {m.__name__: m.objects.count() for m in models}
    sizes.update({f"history {m.__name__}": m.history.count() for m in models})
    return sizes


# ------------------------------------------------------------------ the sample


def test_sample_file_imports_cleanly_with_levels_seats_and_registrations() -> None:
    result = import_sample()

    assert result.problems == []
    assert result.written
    assert result.rows_read == sum(SAMPLE_ROWS.values())
    assert counts(result) == {k: (n, 0, 0) for k, n in SAMPLE_ROWS.items()}
    chief = Appointment.objects.get(role__code="chief-executive")
    assert chief.person.full_name == "Helen Carter"
    assert chief.level_id == chief.role.level_id
    assert chief.board_seat == "executive" and chief.is_voting
    assert chief.end_date is None
    ward = Appointment.objects.get(role__code="ward-manager")
    assert ward.board_seat == "" and not ward.is_voting
    gmc = Registration.objects.get(regulator__code="GMC")
    assert gmc.status == "licensed"
    assert (gmc.does_clinical_work, gmc.clinical_sessions) == (True, 2)
    assert gmc.person.profession.code == "medicine"
    assert (
        Qualification.objects.filter(
            name="Nye Bevan programme", year=2019, provider="NHS Leadership Academy"
        ).count()
        == 2
    )


def test_reimporting_the_sample_changes_nothing() -> None:
    import_sample()
    before = table_sizes()

    again = import_sample()

    assert again.problems == []
    assert counts(again) == {k: (0, 0, n) for k, n in SAMPLE_ROWS.items()}
    assert table_sizes() == before


def test_partial_dates_are_stored_as_the_first_day_with_their_precision() -> None:
    import_sample()
    posts = {
        a.role.code: a
        for a in Appointment.objects.filter(person__external_ref="NHSLA-000101")
    }

    staff_nurse = posts["staff-nurse"]
    assert (staff_nurse.start_date, staff_nurse.start_precision) == (
        dt.date(1990, 1, 1),
        DatePrecision.YEAR,
    )
    assert (staff_nurse.end_date, staff_nurse.end_precision) == (
        dt.date(1994, 1, 1),
        DatePrecision.YEAR,
    )
    ward = posts["ward-manager"]
    assert (ward.start_date, ward.start_precision) == (
        dt.date(1994, 9, 1),
        DatePrecision.MONTH,
    )
    director = posts["director-of-nursing"]
    assert (director.end_date, director.end_precision) == (
        dt.date(2018, 6, 30),
        DatePrecision.DAY,
    )


def test_changed_rows_update_the_matched_records() -> None:
    run(leaders_csv(person_row(), appointment(), registration()))

    result = run(
        leaders_csv(
            person_row(full_name="Renamed"),
            appointment(end="2019-03", title="Ward Sister"),
            registration(registration_status="lapsed"),
        )
    )

    assert counts(result) == {
        "person": (0, 1, 0),
        "appointment": (0, 1, 0),
        "qualification": (0, 0, 0),
        "registration": (0, 1, 0),
    }
    assert Person.objects.get().full_name == "Renamed"
    post = Appointment.objects.get()
    assert (post.end_date, post.end_precision, post.title) == (
        dt.date(2019, 3, 1),
        "month",
        "Ward Sister",
    )
    assert Registration.objects.get().status == "lapsed"


def test_an_existing_person_needs_no_person_row() -> None:
    PersonFactory(external_ref="KNOWN")

    result = run(leaders_csv(appointment("KNOWN")))

    assert result.written
    assert Appointment.objects.get().person.external_ref == "KNOWN"


# ------------------------------------------------------------------ problems


@pytest.mark.parametrize(
    ("extra", "column", "message"),
    [
        ({"organisation": "ZZZ"}, "organisation", "Unknown organisation code 'ZZZ'."),
        ({"role": "chief-wizard"}, "role", "Unknown role 'chief-wizard'."),
        (
            {"start": "2020-05", "end": "2019"},
            "end",
            "The end is before the start.",
        ),
        (
            {"start": "2019-13"},
            "start",
            "Enter a real date as YYYY, YYYY-MM or YYYY-MM-DD, not '2019-13'.",
        ),
        (
            {"start": "2019-02-30"},
            "start",
            "Enter a real date as YYYY, YYYY-MM or YYYY-MM-DD, not '2019-02-30'.",
        ),
        (
            {"voting": "perhaps"},
            "voting",
            "Enter yes or no, not 'perhaps'.",
        ),
        (
            {"role": "ward-manager", "board_seat": "executive"},
            "board_seat",
            "A board seat must match the role's seat on the board.",
        ),
    ],
    ids=[
        "unknown-organisation",
        "unknown-role",
        "end-before-start",
        "bad-date",
        "impossible-date",
        "bad-yes-no",
        "seat-not-the-roles",
    ],
)
def test_each_bad_appointment_is_reported_by_row_and_column_and_nothing_is_written(
    extra: dict[str, str], column: str, message: str
) -> None:
    result = run(leaders_csv(person_row(), appointment(), appointment(**extra)))

    assert result.problems == [Problem(4, column, message)]
    assert not result.written and result.aborted
    assert Person.objects.count() == 0
    assert Appointment.objects.count() == 0


def test_a_registration_number_given_to_two_people_in_the_file_is_a_duplicate() -> None:
    result = run(
        leaders_csv(
            person_row("P1"),
            registration("P1", "7012345"),
            person_row("P2"),
            registration("P2", "7012345"),
        )
    )

    assert result.problems == [
        Problem(
            5,
            "registration_number",
            "Duplicate registration number: GMC 7012345 is also given for person "
            "'P1' on row 3.",
        )
    ]
    assert Registration.objects.count() == 0


def test_a_registration_number_held_by_another_person_is_a_duplicate() -> None:
    holder = PersonFactory(external_ref="HOLDER")
    Registration.objects.create(
        person=holder,
        regulator=Regulator.objects.get(code="GMC"),
        registration_number="7012345",
        status="registered",
    )

    result = run(leaders_csv(person_row("P2"), registration("P2", "7012345")))

    assert result.problems == [
        Problem(
            3,
            "registration_number",
            "Duplicate registration number: GMC 7012345 is already held by another "
            "person ('HOLDER').",
        )
    ]
    assert Person.objects.count() == 1


def test_a_missing_required_column_is_named() -> None:
    header = tuple(c for c in COLUMNS if c != "person_ref")

    result = run(leaders_csv({"record": "person"}, header=header))

    assert result.problems == [
        Problem(
            1,
            "person_ref",
            "Missing required column: person_ref. The first row must name the columns.",
        )
    ]
    assert result.unreadable and not result.written


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message() -> None:
    data = leaders_csv(person_row("P1")) + "person,P2,Zoë,nursing\n".encode("latin-1")

    result = run(data)

    assert result.problems == [Problem(3, "", NOT_UTF8)]
    assert NOT_UTF8.startswith("The file is not UTF-8 text")
    assert Person.objects.count() == 0


def test_a_binary_file_is_refused_and_named_for_what_it_is() -> None:
    result = run(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)))

    assert [p.message for p in result.problems] == [
        'This looks like a ZIP archive, not a CSV file. Save it as "CSV UTF-8 '
        '(comma delimited)" and upload that file.'
    ]
    assert not result.written


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    result = run(
        b"\xef\xbb\xbf" + leaders_csv(person_row("P1", full_name="Zoë Brontë"))
    )

    assert result.problems == []
    assert Person.objects.get().full_name == "Zoë Brontë"


def test_an_empty_file_is_reported() -> None:
    result = run(b"")

    assert [str(p) for p in result.problems] == [
        "row 1: The file is empty: the first row must name the columns."
    ]


def test_unknown_columns_and_rows_with_too_many_cells_are_reported() -> None:
    data = (
        b"record,person_ref,full_name,profession,shoe_size\n"
        b"person,P1,Ann Smith,nursing,5\n"
        b"person,P2,Bob Jones,nursing,9,extra\n"
    )

    result = run(data)

    assert [str(p) for p in result.problems] == [
        "row 1, column shoe_size: Unknown column. Check the spelling against the "
        "documented columns, or remove it.",
        "row 3: This row has 6 cells but the header names 5 columns.",
    ]
    assert Person.objects.count() == 0


def test_other_row_problems_name_their_columns() -> None:
    result = run(
        leaders_csv(
            {"record": "job", "person_ref": "P0"},
            person_row("P1", profession="astrology", sex="Q", year_of_birth="1850"),
            appointment("NOBODY"),
            registration("P1", registration_status="licensed", regulator="NMC"),
            person_row("P1"),
        )
    )

    assert [str(p) for p in result.problems] == [
        "row 2, column record: Unknown record type 'job'. Use one of: person, "
        "appointment, qualification, registration.",
        "row 3, column profession: Unknown profession 'astrology'.",
        "row 3, column sex: Unknown value 'Q'. Use one of: F, M, X.",
        "row 3, column year_of_birth: Enter a whole number from 1900 to 2100, not "
        "'1850'.",
        "row 4, column person_ref: Unknown person 'NOBODY': add their person row "
        "above this row, or import the person first.",
        "row 5, column registration_status: NMC does not issue a licence to practise.",
        "row 6, column person_ref: This person already has a person row (row 3).",
    ]


def test_problems_are_capped_but_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("leadership.services.imports.records.MAX_PROBLEMS", 3)

    result = run(leaders_csv(*(person_row(f"P{i}", profession="x") for i in range(5))))

    assert len(result.problems) == 3
    assert result.problem_count == 5
    assert result.more_problems == 2


# ------------------------------------------------------------------ only valid rows


def test_one_bad_row_imports_nothing() -> None:
    rows = [person_row("P1"), appointment("P1"), person_row("P2"), appointment("P2")]
    rows.append(appointment("P2", organisation="NOPE"))

    result = run(leaders_csv(*rows))

    assert len(result.problems) == 1
    assert table_sizes()["Person"] == 0


def test_only_valid_imports_the_good_rows_and_skips_failed_peoples_rows() -> None:
    rows = [
        person_row("P1"),
        appointment("P1"),
        appointment("P1", role="no-such-role", start="2016"),
        person_row("P2", profession="astrology"),
        appointment("P2"),
        registration("P2"),
    ]

    result = run(leaders_csv(*rows), only_valid=True)

    assert result.written and not result.aborted
    assert [(p.row, p.column) for p in result.problems] == [
        (4, "role"),
        (5, "profession"),
    ]
    assert result.rows_skipped == 4
    assert list(Person.objects.values_list("external_ref", flat=True)) == ["P1"]
    assert Appointment.objects.count() == 1
    assert Registration.objects.count() == 0


def test_a_dry_run_counts_the_changes_and_writes_nothing() -> None:
    result = leaders_import(file=SAMPLE_PATH.open("rb"), dry_run=True)

    assert counts(result)["appointment"] == (SAMPLE_ROWS["appointment"], 0, 0)
    assert not result.written
    assert Person.objects.count() == 0


# ------------------------------------------------------------------ the command


def test_the_command_imports_a_file_and_prints_the_counts() -> None:
    out = io.StringIO()

    call_command("import_leaders", str(SAMPLE_PATH), stdout=out)

    output = out.getvalue()
    assert "person: 4 created, 0 updated, 0 unchanged" in output
    assert "37 rows read." in output
    assert Person.objects.count() == 4


def test_the_command_prints_each_problem_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(leaders_csv(person_row(), appointment(organisation="ZZZ")))
    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_leaders", str(path), stderr=err)

    assert "row 3, column organisation: Unknown organisation code 'ZZZ'." in (
        err.getvalue()
    )
    assert str(failure.value) == "Nothing was imported: 1 problem found."
    assert failure.value.returncode == 1
    assert Person.objects.count() == 0


def test_the_command_imports_only_valid_rows_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(leaders_csv(person_row(), appointment(organisation="ZZZ")))
    out = io.StringIO()

    call_command(
        "import_leaders", str(path), "--only-valid", stdout=out, stderr=io.StringIO()
    )

    assert "2 rows read, 1 skipped." in out.getvalue()
    assert Person.objects.count() == 1


def test_the_command_dry_run_writes_nothing() -> None:
    out = io.StringIO()

    call_command("import_leaders", str(SAMPLE_PATH), "--dry-run", stdout=out)

    assert "dry run: nothing was written" in out.getvalue()
    assert Person.objects.count() == 0


def test_the_command_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a file"):
        call_command("import_leaders", str(tmp_path / "missing.csv"))


# ------------------------------------------------------------------ the page


def upload(client: Any, data: bytes, name: str = "leaders.csv", **fields: Any) -> Any:
    return client.post(
        URL, {"file": SimpleUploadedFile(name, data, "text/csv"), **fields}
    )


def test_a_national_admin_sees_the_problem_fixes_it_and_imports(
    client: Any, national_admin: Any
) -> None:
    client.force_login(national_admin)
    assert reverse("leadership:leader-import") == URL
    page = client.get(URL)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    assert b"Import only the valid rows" in page.content

    bad = upload(client, leaders_csv(person_row(), appointment(organisation="ZZZ")))

    assert bad.status_code == 200
    html = bad.content.decode()
    assert "There is a problem" in html
    assert "Nothing was imported" in html
    assert "Unknown organisation code &#x27;ZZZ&#x27;." in html
    assert (
        '<td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table__heading" aria-hidden="true">Row </span>3</td>'
        in html
    )
    assert Person.objects.count() == 0

    good = upload(client, leaders_csv(person_row(), appointment()))

    assert good.status_code == 200
    assert "Leaders imported" in good.content.decode()
    assert Appointment.objects.get().person.external_ref == "P1"


def test_the_page_imports_only_valid_rows_when_ticked(
    client: Any, national_admin: Any
) -> None:
    client.force_login(national_admin)

    response = upload(
        client,
        leaders_csv(person_row(), appointment(organisation="ZZZ")),
        only_valid="on",
    )

    assert "Rows skipped" in response.content.decode()
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    "holder",
    ["talent_lead_a", "regional_admin", "signed_out"],
)
def test_others_get_404_on_the_upload_page(
    client: Any,
    holder: str,
    request: pytest.FixtureRequest,
    make_user: Callable[..., Any],
) -> None:
    if holder == "talent_lead_a":
        client.force_login(request.getfixturevalue("talent_lead_a"))
    elif holder == "regional_admin":
        client.force_login(make_user("region@example.nhs.uk", "national_admin", "Y56"))
    if holder == "signed_out":
        assert client.get(URL).status_code == 302
        return

    assert client.get(URL).status_code == 404
    assert client.get(URL + "?sample=1").status_code == 404
    assert upload(client, leaders_csv(person_row())).status_code == 404
    assert Person.objects.count() == 0


def test_the_sample_file_downloads(client: Any, national_admin: Any) -> None:
    client.force_login(national_admin)

    response = client.get(URL + "?sample=1")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SAMPLE_PATH.read_bytes()
    assert "sample_leaders.csv" in response["Content-Disposition"]


def test_the_page_refuses_files_too_large_or_not_csv(
    client: Any, national_admin: Any, settings: Any
) -> None:
    client.force_login(national_admin)
    settings.IMPORT_UPLOAD_MAX_BYTES = 100

    large = upload(client, leaders_csv(person_row()))
    assert large.status_code == 413
    assert "The selected file must be smaller than 100 bytes" in large.content.decode()
    settings.IMPORT_UPLOAD_MAX_BYTES = 10**6
    spreadsheet = upload(client, b"PK\x03\x04", name="leaders.xlsx")
    assert "The selected file must be a CSV" in spreadsheet.content.decode()
    assert Person.objects.count() == 0


def test_the_page_reads_uploads_spooled_to_disk(
    client: Any, national_admin: Any, settings: Any
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    client.force_login(national_admin)

    response = upload(client, SAMPLE_PATH.read_bytes())

    assert "Leaders imported" in response.content.decode()
    assert Person.objects.count() == 4


def test_a_binary_upload_shows_the_problem_not_an_error(
    client: Any, national_admin: Any
) -> None:
    client.force_login(national_admin)

    response = upload(client, b"\xff\xfe\x00r\x00e\x00c")

    assert response.status_code == 200
    assert "The file is saved as UTF-16" in response.content.decode()


# ------------------------------------------------------------------ scale


class ReadSpy(io.BufferedReader):
    """A file that remembers the largest read asked of it."""

    largest = 0

    def read(self, size: int | None = -1) -> bytes:
        type(self).largest = max(self.largest, size if size and size > 0 else 1 << 62)
        return super().read(size)

    def readline(self, size: int | None = -1) -> bytes:
        type(self).largest = max(self.largest, size if size and size > 0 else 1 << 62)
        return super().readline(size)


def test_thirty_thousand_rows_stream_through_bounded_queries(
    tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    """10,000 people with two posts each: validated in chunks and imported once."""
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for n in range(10_000):
            ref = f"BIG{n:05d}"
            writer.writerow(person_row(ref, year_of_birth=str(1960 + n % 30)))
            writer.writerow(appointment(ref, role="staff-nurse", start="2001-09"))
            writer.writerow(
                appointment(ref, role="ward-manager", start="2006", end="2011-05")
            )

    # Reference lookups (9) plus two per 1,000-row chunk: none per row.
    with (
        path.open("rb") as raw,
        ReadSpy(raw) as spied,
        django_assert_max_num_queries(9 + 2 * 30),
    ):
        checked = leaders_validate(file=spied)
    assert checked.problems == []
    assert checked.rows_read == 30_000
    assert ReadSpy.largest <= 1024 * 1024

    with path.open("rb") as stream:
        result = leaders_import(file=stream)

    assert result.problems == []
    assert counts(result) == {
        "person": (10_000, 0, 0),
        "appointment": (20_000, 0, 0),
        "qualification": (0, 0, 0),
        "registration": (0, 0, 0),
    }
    assert (
        Appointment.objects.filter(
            role=CatalogueRole.objects.get(code="staff-nurse")
        ).count()
        == 10_000
    )
