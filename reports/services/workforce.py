"""Writes for workforce composition: replace one snapshot's aggregated headcounts.

Workforce data arrives as a whole snapshot per organisation (an ESR extract, an import,
the demo seeder), so the one write is "replace": delete the organisations' rows for that
date and insert the new cells, all in one transaction. Cells stream in and are validated
as they go; on PostgreSQL they are written with COPY, which is several times faster than
INSERT for the million-row national snapshot.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from careers.models import Grade, Level, Profession
from leadership.models import Disability, EthnicCategory, Sex
from reports.models import WorkforceHeadcount

COPY_CHUNK = 50_000
INSERT_BATCH = 5_000
MAX_REPORTED = 20
SEXES = frozenset({"", *Sex.values})
DISABILITIES = frozenset({"", *Disability.values})


class WorkforceCell(NamedTuple):
    """Headcount of staff sharing one organisation, profession, grade, level and group."""

    organisation_id: int
    profession_id: int
    grade_id: int | None
    level_id: int
    sex: str
    ethnic_category_id: str
    disability: str
    headcount: int


class _Checker:
    """Validate cells against the reference tables, read once."""

    def __init__(self, organisation_ids: set[int]) -> None:
        self.organisations = organisation_ids
        self.professions = set(Profession.objects.values_list("id", flat=True))
        self.grades = set(Grade.objects.values_list("id", flat=True))
        self.levels = set(Level.objects.values_list("id", flat=True))
        self.ethnic = set(EthnicCategory.objects.values_list("code", flat=True))
        self.problems: list[str] = []
        self.rows = 0
        self.staff = 0

    def check(self, cells: Iterable[WorkforceCell]) -> Iterator[WorkforceCell]:
        for cell in cells:
            self.rows += 1
            bad = [
                name
                for name, ok in (
                    ("organisation", cell.organisation_id in self.organisations),
                    ("profession", cell.profession_id in self.professions),
                    ("grade", cell.grade_id is None or cell.grade_id in self.grades),
                    ("level", cell.level_id in self.levels),
                    ("sex", cell.sex in SEXES),
                    ("ethnic_category", cell.ethnic_category_id in self.ethnic),
                    ("disability", cell.disability in DISABILITIES),
                    (
                        "headcount",
                        isinstance(cell.headcount, int) and cell.headcount > 0,
                    ),
                )
                if not ok
            ]
            if bad:
                if len(self.problems) < MAX_REPORTED:
                    self.problems.append(f"cell {self.rows}: invalid {', '.join(bad)}")
                continue
            self.staff += cell.headcount
            yield cell

    def raise_if_bad(self) -> None:
        if self.problems:
            raise ValidationError(self.problems, code="invalid_cell")


def _copy(raw, cells: Iterator[WorkforceCell], snapshot_date: dt.date) -> None:
    """Stream cells to the table with COPY, a chunk at a time (psycopg2 cursor)."""
    table = WorkforceHeadcount._meta.db_table
    columns = (
        "organisation_id, snapshot_date, profession_id, grade_id, level_id, sex, "
        "ethnic_category_id, disability, headcount"
    )
    day = snapshot_date.isoformat()
    while chunk := list(islice(cells, COPY_CHUNK)):
        buffer = io.StringIO()
        buffer.writelines(
            f"{c.organisation_id}\t{day}\t{c.profession_id}\t"
            f"{'' if c.grade_id is None else c.grade_id}\t{c.level_id}\t{c.sex}\t"
            f"{c.ethnic_category_id}\t{c.disability}\t{c.headcount}\n"
            for c in chunk
        )
        buffer.seek(0)
        # An empty grade is NULL; empty sex and disability stay empty strings.
        raw.copy_expert(
            f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, "
            f"DELIMITER E'\\t', NULL '', FORCE_NOT_NULL (sex, disability))",
            buffer,
        )


def _insert(cells: Iterator[WorkforceCell], snapshot_date: dt.date) -> None:
    while chunk := list(islice(cells, INSERT_BATCH)):
        WorkforceHeadcount.objects.bulk_create(
            [
                WorkforceHeadcount(snapshot_date=snapshot_date, **c._asdict())
                for c in chunk
            ]
        )


@transaction.atomic
def workforce_snapshot_replace(
    *,
    organisation_ids: Iterable[int],
    snapshot_date: dt.date,
    cells: Iterable[WorkforceCell],
) -> tuple[int, int]:
    """Replace the organisations' headcounts at `snapshot_date` with `cells`.

    Deletes the existing rows for those organisations and date first; every cell must
    belong to one of them. All-or-nothing: any invalid cell raises ValidationError
    (first problems listed) and nothing changes. Returns (rows written, staff counted).
    """
    org_ids = set(organisation_ids)
    WorkforceHeadcount.objects.filter(
        organisation_id__in=org_ids, snapshot_date=snapshot_date
    ).delete()
    checker = _Checker(org_ids)
    checked = checker.check(cells)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if hasattr(cursor.cursor, "copy_expert"):
                # Check the foreign keys row by row during COPY rather than queueing
                # a deferred trigger event per row for COMMIT: about a quarter faster
                # for the national snapshot. Django's constraints are deferred again
                # afterwards, as they were.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                _copy(cursor.cursor, checked, snapshot_date)
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    _insert(checked, snapshot_date)  # whatever COPY did not take (none on psycopg2)
    checker.raise_if_bad()
    return checker.rows, checker.staff
