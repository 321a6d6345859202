"""Writes for workforce composition: replace one snapshot's aggregated headcounts.

Workforce data arrives as a whole snapshot per organisation (an ESR extract, an import,
the demo seeder), so the one write is "replace": delete the organisations' rows for that
date and insert the new cells, all in one transaction. The national snapshot is about
340,000 cells, so nothing here runs Python per cell: each chunk of cells is checked a
column at a time (the set of distinct values against the reference tables, which is
also what keeps the ids valid: the table has no foreign-key constraints, see the
model) and written with PostgreSQL's COPY, formatted by one C-level `%` per cell; other
databases get bulk_create.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from careers.models import Grade, Level, Profession
from leadership.models import Disability, EthnicCategory, Organisation, Sex
from reports.models import WorkforceHeadcount

CHUNK = 50_000
COPY_SLICE = 10_000
INSERT_BATCH = 5_000
MAX_REPORTED = 20
SEXES = frozenset({"", *Sex.values})
DISABILITIES = frozenset({"", *Disability.values})
# COPY's text format, in WorkforceCell order then the date. The values are checked
# before they are formatted (ids are ints, codes are from fixed lists), so nothing
# needs escaping; a missing grade prints as None, COPY's NULL marker here, while an
# empty sex or disability stays an empty string.
COPY_COLUMNS = (
    "organisation_id, profession_id, grade_id, level_id, sex, ethnic_category_id, "
    "disability, headcount, snapshot_date"
)
COPY_LINE = "%d\t%d\t%s\t%d\t%s\t%s\t%s\t%d\t"


# organisation, profession, grade, level, sex, ethnic category, disability, headcount
CellTuple = tuple[int, int, int | None, int, str, str, str, int]


class WorkforceCell(NamedTuple):
    """Headcount of staff sharing one organisation, profession, grade, level and group.

    The writer takes plain tuples in this order too (CellTuple): building 340,000
    named tuples costs more than formatting them all for COPY.
    """

    organisation_id: int
    profession_id: int
    grade_id: int | None
    level_id: int
    sex: str
    ethnic_category_id: str
    disability: str
    headcount: int


class _Checker:
    """Check chunks of cells a column at a time against the reference tables."""

    def __init__(self, organisation_ids: set[int]) -> None:
        grades = set(Grade.objects.values_list("id", flat=True))
        organisations = Organisation.objects.filter(pk__in=organisation_ids)
        # Allowed values per WorkforceCell field, in field order (headcount aside).
        # The table's foreign keys are not database constraints (see the model), so
        # this is what keeps every id pointing at a row.
        self.allowed: tuple[frozenset[object], ...] = (
            frozenset(organisations.values_list("pk", flat=True)),
            frozenset(Profession.objects.values_list("id", flat=True)),
            frozenset({None, *grades}),
            frozenset(Level.objects.values_list("id", flat=True)),
            SEXES,
            frozenset(EthnicCategory.objects.values_list("code", flat=True)),
            DISABILITIES,
        )
        self.problems: list[str] = []
        self.rows = 0
        self.staff = 0

    def check(self, chunk: list[CellTuple]) -> bool:
        """Count a chunk and say whether it is good; if not, note its bad cells."""
        counts = list(map(itemgetter(7), chunk))
        good = all(
            set(map(itemgetter(i), chunk)) <= allowed
            for i, allowed in enumerate(self.allowed)
        ) and (set(map(type, counts)) <= {int} and min(counts, default=1) > 0)
        if not good:
            self._note(chunk)
        self.rows += len(chunk)
        self.staff += sum(counts) if good else 0
        return good

    def _note(self, chunk: list[CellTuple]) -> None:
        """Name the bad cells of a chunk (the slow path: only when something is bad)."""
        for number, cell in enumerate(map(WorkforceCell._make, chunk), self.rows + 1):
            bad = [
                name
                for name, value, allowed in zip(
                    cell._fields, cell, self.allowed, strict=False
                )
                if value not in allowed
            ]
            if not (type(cell.headcount) is int and cell.headcount > 0):
                bad.append("headcount")
            if bad and len(self.problems) < MAX_REPORTED:
                self.problems.append(f"cell {number}: invalid {', '.join(bad)}")

    def raise_if_bad(self) -> None:
        if self.problems:
            raise ValidationError(self.problems, code="invalid_cell")


class _CopyLines:
    """The cells as COPY text, formatted a slice per read.

    psycopg2's copy_expert sends each slice as it is read, so PostgreSQL inserts one
    while Python formats the next.
    """

    def __init__(self, cells: list[CellTuple], day: str) -> None:
        self.cells, self.line, self.at = cells, COPY_LINE + day + "\n", 0

    def read(self, size: int = -1) -> str:
        chunk = self.cells[self.at : self.at + COPY_SLICE]
        self.at += COPY_SLICE
        return "".join(map(self.line.__mod__, chunk))


@transaction.atomic
def workforce_snapshot_replace(
    *,
    organisation_ids: Iterable[int],
    snapshot_date: dt.date,
    cells: Iterable[CellTuple],
) -> tuple[int, int]:
    """Replace the organisations' headcounts at `snapshot_date` with `cells`.

    Deletes the existing rows for those organisations and date first; every cell must
    belong to one of them. All-or-nothing: any invalid cell raises ValidationError
    (first problems listed) and nothing changes. Returns (rows written, staff counted).
    """
    org_ids = set(organisation_ids)
    checker = _Checker(org_ids)
    # Every cell is taken and checked before anything is written. (Taken first also
    # because a caller's generator may query the database, as the seeder's does,
    # which would end a COPY in progress.)
    taken = list(cells)
    for start in range(0, len(taken), CHUNK):
        checker.check(taken[start : start + CHUNK])
    checker.raise_if_bad()
    WorkforceHeadcount.objects.filter(
        organisation_id__in=org_ids, snapshot_date=snapshot_date
    ).delete()
    with connection.cursor() as cursor:
        copy = getattr(cursor.cursor, "copy_expert", None)  # psycopg2 on PostgreSQL
        if copy is not None and connection.vendor == "postgresql":
            table = WorkforceHeadcount._meta.db_table
            copy(
                f"COPY {table} ({COPY_COLUMNS}) FROM STDIN "
                "WITH (FORMAT text, NULL 'None')",
                _CopyLines(taken, snapshot_date.isoformat()),
            )
            return checker.rows, checker.staff
    for start in range(0, len(taken), INSERT_BATCH):
        WorkforceHeadcount.objects.bulk_create(
            WorkforceHeadcount(snapshot_date=snapshot_date, **cell._asdict())
            for cell in map(WorkforceCell._make, taken[start : start + INSERT_BATCH])
        )
    return checker.rows, checker.staff
