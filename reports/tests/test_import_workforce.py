"""Workforce import: ESR-shaped extracts and aggregated files, all or nothing."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum

from reports.models import WorkforceHeadcount
from reports.services.imports import workforce_import
from reports.tests.factories import cell

pytestmark = pytest.mark.django_db

DATE = dt.date(2026, 3, 31)
DATA = Path(settings.BASE_DIR) / "reports" / "data"
HEADER = "organisation,profession,grade,sex,ethnic_category,disability"


def write(tmp_path: Path, text: str, name: str = "wf.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def headcount(**filters) -> int:
    return (
        WorkforceHeadcount.objects.filter(**filters).aggregate(n=Sum("headcount"))["n"]
        or 0
    )


def test_extract_rows_are_counted_into_cells(tmp_path):
    path = write(
        tmp_path,
        HEADER + "\n"
        "R0A,nursing,5,F,A,N\n"
        "r0a,Nurse,Band 5,f,a,no\n"  # same person-group, other spellings
        "R0A,nursing,8a,M,C2,Y\n"  # ESR local sub-code C2 maps on its first letter
        "\n"
        "RJ1,medicine,Consultant,F,,\n",
    )
    result = workforce_import(path=path, snapshot_date=DATE)
    assert result.ok, result.problems
    assert (result.format, result.rows, result.staff) == ("extract", 4, 4)
    assert result.cells == 3
    nurses = WorkforceHeadcount.objects.get(
        organisation__ods_code="R0A", grade__code="5"
    )
    assert (nurses.headcount, nurses.level.rank, nurses.sex) == (2, 2, "F")
    assert nurses.ethnic_category_id == "A" and nurses.disability == "N"
    matron = WorkforceHeadcount.objects.get(grade__code="8a")
    assert (matron.level.rank, matron.ethnic_category_id) == (5, "C")
    consultant = WorkforceHeadcount.objects.get(organisation__ods_code="RJ1")
    # Blank ethnicity is "not known" (X); blank disability is not declared.
    assert (consultant.ethnic_category_id, consultant.disability) == ("X", "")
    assert consultant.level.rank == 5


def test_aggregated_file_sums_repeated_groups(tmp_path):
    path = write(
        tmp_path,
        HEADER + ",headcount\n"
        "R0A,nursing,5,F,A,N,10\n"
        "R0A,nursing,5,F,A,N,5\n"
        "R0A,physiotherapy,6,M,H,Y,0\n",
    )
    result = workforce_import(path=path, snapshot_date=DATE)
    assert result.ok and result.format == "aggregated"
    assert headcount() == 15
    assert WorkforceHeadcount.objects.count() == 1


def test_an_organisation_named_with_no_staff_has_its_snapshot_emptied(tmp_path):
    cell("RJ1", "nursing", 2, 7, date=DATE)
    path = write(
        tmp_path,
        HEADER + ",headcount\nR0A,nursing,5,F,A,N,12\nRJ1,nursing,5,F,A,N,0\n",
    )
    result = workforce_import(path=path, snapshot_date=DATE)
    assert (result.rows, result.cells, result.organisations) == (2, 1, 2)
    assert headcount(organisation__ods_code="RJ1") == 0
    assert headcount(organisation__ods_code="R0A") == 12


def test_importing_again_replaces_the_snapshot_of_those_organisations(tmp_path):
    cell("R0A", "nursing", 2, 999, date=DATE)
    cell("RJ1", "nursing", 2, 7, date=DATE)
    cell("R0A", "nursing", 2, 50, date=dt.date(2025, 3, 31))
    path = write(tmp_path, HEADER + ",headcount\nR0A,nursing,5,F,A,N,12\n")
    assert workforce_import(path=path, snapshot_date=DATE).ok
    assert headcount(organisation__ods_code="R0A", snapshot_date=DATE) == 12
    assert headcount(organisation__ods_code="RJ1") == 7  # not in the file
    assert headcount(snapshot_date=dt.date(2025, 3, 31)) == 50  # other date kept


def test_every_problem_is_reported_with_row_and_column_and_nothing_imported(
    tmp_path,
):
    cell("R0A", "nursing", 2, 999, date=DATE)
    path = write(
        tmp_path,
        HEADER + ",headcount\n"
        "ZZZ,nursing,5,F,A,N,3\n"
        "R0A,nursing,Band 11,F,A,N,3\n"
        "R0A,nursing,5,F,A,N,-4\n"
        "R0A,wizardry,5,Q,W,maybe,2\n"
        "R0A,nursing,5,F,A\n"
        "R0A,nursing,5,F,A,N,lots\n",
    )
    result = workforce_import(path=path, snapshot_date=DATE)
    assert not result.ok
    found = {(p.row, p.column) for p in result.problems}
    assert found == {
        (2, "organisation"),
        (3, "grade"),
        (4, "headcount"),
        (5, "profession"),
        (5, "sex"),
        (5, "ethnic_category"),
        (5, "disability"),
        (6, ""),
        (7, "headcount"),
    }
    negative = next(p for p in result.problems if p.row == 4)
    assert (
        str(negative)
        == "row 4, column headcount: The headcount cannot be negative (-4)."
    )
    assert "Unknown organisation code 'ZZZ'" in next(
        p.message for p in result.problems if p.row == 2
    )
    # Nothing changed: the earlier snapshot is still there, whole.
    assert headcount() == 999


def test_a_wrong_header_is_reported_before_any_row(tmp_path):
    path = write(tmp_path, "organisation,profession,band,sex,ethnicity,disability\n")
    result = workforce_import(path=path, snapshot_date=DATE)
    assert {(p.row, p.column) for p in result.problems} == {
        (1, "band"),
        (1, "ethnicity"),
        (1, "grade"),
        (1, "ethnic_category"),
    }


def test_bad_rows_of_an_extract_are_located_on_a_second_read(tmp_path):
    rows = ["R0A,nursing,5,F,A,N"] * 50 + ["R0A,nursing,12,F,A,N"] * 2
    path = write(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")
    result = workforce_import(path=path, snapshot_date=DATE)
    assert [(p.row, p.column) for p in result.problems] == [
        (52, "grade"),
        (53, "grade"),
    ]
    assert not WorkforceHeadcount.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\nR0A,nursing,5,F,A,N,caf\xe9\n").encode("latin-1"))
    result = workforce_import(path=path, snapshot_date=DATE)
    assert "not UTF-8" in result.problems[0].message


def test_a_large_extract_streams_in_constant_memory(tmp_path):
    # 200,000 rows (about 5 MB) of few distinct groups: memory must stay far below
    # the file's size, so the file is never held whole.
    path = tmp_path / "big.csv"
    line = "R0A,nursing,5,F,A,N\nR0A,medicine,Consultant,M,H,N\n"
    with path.open("w") as handle:
        handle.write(HEADER + "\n")
        for _ in range(100_000):
            handle.write(line)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        result = workforce_import(path=path, snapshot_date=DATE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok and result.staff == 200_000
    assert size > 5_000_000
    assert peak < 1_500_000, f"peak {peak} bytes for a {size}-byte file"


def test_sample_files_import_cleanly():
    for name in ("sample_workforce_extract.csv", "sample_workforce_aggregated.csv"):
        result = workforce_import(path=DATA / name, snapshot_date=DATE)
        assert result.ok, (name, result.problems)
    assert headcount(organisation__ods_code="RJ1") == 402


def test_command_reports_problems_and_fails(tmp_path, capsys):
    path = write(tmp_path, HEADER + ",headcount\nR0A,nursing,5,F,A,N,-1\n")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_workforce", str(path), "--date", "2026-03-31")
    assert "row 2, column headcount" in capsys.readouterr().err
    ok = write(tmp_path, HEADER + ",headcount\nR0A,nursing,5,F,A,N,4\n", "ok.csv")
    call_command("import_workforce", str(ok), "--date", "2026-03-31")
    assert "4 staff" in capsys.readouterr().out


def snapshot() -> set[tuple]:
    return set(
        WorkforceHeadcount.objects.values_list(
            "organisation__ods_code",
            "profession__code",
            "grade__code",
            "level__rank",
            "sex",
            "ethnic_category_id",
            "disability",
            "headcount",
        )
    )


EXTRACT = [
    "R0A,nursing,5,F,A,N",
    "R0A,nursing,5,F,A,N",
    "R0A,Nurse,Band 5,f,a,no",
    "RJ1,medicine,Consultant,M,H,",
    "RJ1,medicine,Consultant,M,H,",
    "RJ1,physiotherapy,6,X,C2,Y",
]


@pytest.mark.parametrize(
    "name, text",
    [
        ("lf", HEADER + "\n" + "\n".join(EXTRACT) + "\n"),
        ("crlf, no final newline", HEADER + "\r\n" + "\r\n".join(EXTRACT)),
        # Bare carriage returns end rows for the csv module: read by it throughout.
        ("cr", HEADER + "\r" + "\r".join(EXTRACT) + "\r"),
        # Quoted lines are parsed by the csv module one at a time.
        ("quoted", HEADER + "\n" + "\n".join(f'"{r[:3]}",{r[4:]}' for r in EXTRACT)),
        # A quoted value over a line break: the csv module reads the whole file.
        (
            "quoted line break",
            HEADER
            + "\n"
            + "\n".join(EXTRACT[:-1])
            + '\nRJ1,physiotherapy,6,X,C2,"Y\n"\n',
        ),
    ],
)
def test_every_way_of_reading_an_extract_gives_the_same_cells(tmp_path, name, text):
    path = tmp_path / "wf.csv"
    path.write_bytes(text.encode())
    result = workforce_import(path=path, snapshot_date=DATE)
    assert result.ok, result.problems
    assert (result.rows, result.staff, result.cells) == (6, 6, 3)
    assert snapshot() == {
        ("R0A", "nursing", "5", 2, "F", "A", "N", 3),
        ("RJ1", "medicine", "Consultant", 5, "M", "H", "", 2),
        ("RJ1", "physiotherapy", "6", 3, "X", "C", "Y", 1),
    }


def test_a_bad_value_is_located_when_the_csv_module_reads_the_file(tmp_path):
    # The line break inside quotes sends the whole file to the csv module; the row is
    # numbered by the line it ends on, as everywhere.
    text = HEADER + "\n" + "\n".join(EXTRACT) + '\nR0A,"nur\nsing",5,F,A,N\n'
    path = write(tmp_path, text)
    result = workforce_import(path=path, snapshot_date=DATE)
    assert [(p.row, p.column) for p in result.problems] == [(9, "profession")]
    assert "'nur\\nsing'" in result.problems[0].message


def test_rows_of_the_wrong_width_and_bad_values_are_located_among_good_rows(
    tmp_path,
):
    rows = ["R0A,nursing,5,F,A,N"] * 3 + ["R0A,nursing,5,F"] + ["R0A,nursing,5,F,A,N"]
    rows += ['R0A,"nursing",5,F,Q,N', "R0A,nursing,5,F,A,N,extra"]
    path = write(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")
    result = workforce_import(path=path, snapshot_date=DATE)
    assert [(p.row, p.column) for p in result.problems] == [
        (5, ""),
        (7, "ethnic_category"),
        (8, ""),
    ]
    assert not WorkforceHeadcount.objects.exists()


def test_a_value_that_is_not_utf8_in_a_well_formed_row_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (HEADER + "\nR0A,nursing,5,F,A,N\nR0A,nurs\xe9,5,F,A,N\n").encode("latin-1")
    )
    result = workforce_import(path=path, snapshot_date=DATE)
    assert result.problems[0].message.startswith("The file is not UTF-8 text.")


def test_a_dry_run_counts_what_the_import_would_write(tmp_path):
    path = write(tmp_path, HEADER + "\n" + "\n".join(EXTRACT) + "\n")
    checked = workforce_import(path=path, snapshot_date=DATE, dry_run=True)
    assert not WorkforceHeadcount.objects.exists()
    written = workforce_import(path=path, snapshot_date=DATE)
    assert (checked.rows, checked.staff, checked.cells, checked.organisations) == (
        written.rows,
        written.staff,
        written.cells,
        written.organisations,
    )
    assert (written.cells, written.organisations) == (3, 2)


def test_the_snapshot_write_refuses_ids_that_point_at_nothing():
    # The table's foreign keys are checked by the service, not by the database.
    from django.core.exceptions import ValidationError

    from careers.models import Level, Profession
    from leadership.models import Organisation
    from reports.services import WorkforceCell, workforce_snapshot_replace

    org = Organisation.objects.get(ods_code="R0A")
    nursing = Profession.objects.get(code="nursing").pk
    level = Level.objects.get(rank=2).pk
    good = WorkforceCell(org.pk, nursing, None, level, "F", "A", "N", 3)
    for bad in (
        good._replace(profession_id=10**9),
        good._replace(level_id=10**9),
        good._replace(grade_id=10**9),
        good._replace(ethnic_category_id="W"),
        good._replace(organisation_id=10**9),
        good._replace(headcount=0),
    ):
        with pytest.raises(ValidationError, match="cell 2: invalid"):
            workforce_snapshot_replace(
                organisation_ids=[org.pk, 10**9],
                snapshot_date=DATE,
                cells=[good, bad],
            )
    assert not WorkforceHeadcount.objects.exists()
    assert workforce_snapshot_replace(
        organisation_ids=[org.pk], snapshot_date=DATE, cells=[good]
    ) == (1, 3)


def test_a_profession_with_workforce_rows_cannot_be_deleted():
    from django.db.models import ProtectedError

    from careers.models import Profession

    cell("R0A", "nursing", 2, 5)
    with pytest.raises(ProtectedError):
        Profession.objects.get(code="nursing").delete()


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "\nR0A,nursing,5,F,A,N\nR0A,nursing,5,F,A,N",
        HEADER + "\r\nR0A,nursing,5,F,A,N\r\nR0A,nursing,5,F,A,N",
        # Mixed line ends: the csv module reads the file.
        HEADER + "\r\nR0A,nursing,5,F,A,N\nR0A,nursing,5,F,A,N\r\n",
    ],
    ids=["lf", "crlf", "mixed"],
)
def test_a_last_line_without_a_line_end_is_the_same_group(tmp_path, text):
    # Two rows for one group, the last with no line end: one cell of 2, as the csv
    # module reads them, not two cells of 1.
    path = tmp_path / "wf.csv"
    path.write_bytes(text.encode())
    result = workforce_import(path=path, snapshot_date=DATE)
    assert result.ok, result.problems
    assert (result.rows, result.staff, result.cells) == (2, 2, 1)
    assert snapshot() == {("R0A", "nursing", "5", 2, "F", "A", "N", 2)}


def test_the_column_write_matches_the_cell_write_and_checks_its_columns():
    from django.core.exceptions import ValidationError

    from careers.models import Grade, Level, Profession
    from leadership.models import EthnicCategory, Organisation
    from reports.services import (
        WorkforceCell,
        workforce_snapshot_replace,
        workforce_snapshot_replace_columns,
    )

    org = Organisation.objects.get(ods_code="R0A").pk
    nursing = Profession.objects.get(code="nursing").pk
    band5 = Grade.objects.get(scheme="afc", code="5")
    cells = [
        WorkforceCell(org, nursing, band5.pk, band5.level_id, "F", "A", "N", 3),
        WorkforceCell(org, nursing, None, Level.objects.get(rank=2).pk, "", "X", "", 1),
    ]
    assert workforce_snapshot_replace(
        organisation_ids=[org], snapshot_date=DATE, cells=cells
    ) == (2, 4)
    by_cells = snapshot()
    columns = [list(column) for column in zip(*cells, strict=True)]
    assert workforce_snapshot_replace_columns(
        organisation_ids=[org], snapshot_date=DATE, columns=columns
    ) == (2, 4)
    assert (
        snapshot()
        == by_cells
        == {
            ("R0A", "nursing", "5", 2, "F", "A", "N", 3),
            ("R0A", "nursing", None, 2, "", "X", "", 1),
        }
    )
    with pytest.raises(ValidationError, match="equal length"):
        workforce_snapshot_replace_columns(
            organisation_ids=[org],
            snapshot_date=DATE,
            columns=[*columns[:7], [3]],
        )
    # A code COPY would read as a field or line end is refused, not written.
    EthnicCategory.objects.create(
        code="T\t", group="Test", name="Tab", wres_group="bme"
    )
    with pytest.raises(ValidationError, match="tab, line break or backslash"):
        workforce_snapshot_replace(
            organisation_ids=[org],
            snapshot_date=DATE,
            cells=[cells[0]._replace(ethnic_category_id="T\t")],
        )
    assert WorkforceHeadcount.objects.count() == 2
