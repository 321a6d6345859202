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
