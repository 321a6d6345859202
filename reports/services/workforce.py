"""Writes for workforce composition: replace one snapshot's aggregated headcounts.

Workforce data arrives as a whole snapshot per organisation (an ESR extract, an import,
the demo seeder), so the one write is "replace": delete the organisations' rows for that
date and insert the new cells, all in one transaction. The national snapshot is about
340,000 cells, so nothing here runs Python per cell: the cells are held a column at a
time (the import builds them so; tuples are turned into columns once), each column's
set of distinct values is checked against the reference tables (which is also what
keeps the ids valid: the table has no foreign-key constraints, see the model), and the
rows are written with PostgreSQL's COPY, each distinct value formatted once and each
line joined in C; other databases get bulk_create.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice, repeat
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from careers.models import Grade, Level, Profession
from leadership.models import Disability, EthnicCategory, Organisation, Sex
from reports.models import WorkforceHeadcount

COPY_SLICE = 10_000
INSERT_BATCH = 5_000
MAX_REPORTED = 20
SEXES = frozenset({"", *Sex.values})
DISABILITIES = frozenset({"", *Disability.values})
# COPY's text format, in WorkforceCell order then the date. Every value is checked
# against a fixed list before it is formatted, and a code holding one of COPY's
# special characters is refused, so nothing needs escaping.
COPY_COLUMNS = (
    "organisation_id, profession_id, grade_id, level_id, sex, ethnic_category_id, "
    "disability, headcount, snapshot_date"
)
COPY_SPECIAL = ("\\", "\t", "\n", "\r")
FIELDS = 8


# organisation, profession, grade, level, sex, ethnic category, disability, headcount
CellTuple = tuple[int, int, int | None, int, str, str, str, int]
# The same cells a column at a time: eight equally long sequences in that order.
CellColumns = Sequence[Sequence[Any]]


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
    """Check a snapshot's columns against the reference tables, a set per column."""

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

    def check(self, columns: CellColumns) -> list[set[Any]]:
        """Each column's distinct values; ValidationError naming bad cells if any."""
        rows = len(columns[-1]) if len(columns) == FIELDS else -1
        if {len(column) for column in columns} != {rows}:
            raise ValidationError(
                f"Cells need {FIELDS} columns of equal length.", code="invalid_cell"
            )
        distinct = [set(column) for column in columns]
        counts = distinct[-1]
        good = all(
            values <= allowed
            for values, allowed in zip(distinct, self.allowed, strict=False)
        ) and (set(map(type, counts)) <= {int} and min(counts, default=1) > 0)
        if not good:
            raise ValidationError(
                self._problems(zip(*columns, strict=True)), code="invalid_cell"
            )
        return distinct

    def _problems(self, cells: Iterable[tuple[Any, ...]]) -> list[str]:
        """Name the bad cells (the slow path: only when something is bad)."""
        problems = []
        for number, cell in enumerate(map(WorkforceCell._make, cells), 1):
            bad = [
                name
                for name, value, allowed in zip(
                    cell._fields, cell, self.allowed, strict=False
                )
                if value not in allowed
            ]
            if not (type(cell.headcount) is int and cell.headcount > 0):
                bad.append("headcount")
            if bad:
                problems.append(f"cell {number}: invalid {', '.join(bad)}")
                if len(problems) == MAX_REPORTED:
                    break
        return problems


def _copy_texts(distinct: list[set[Any]]) -> list[dict[Any, str]]:
    """Each column's distinct values as COPY text (None as COPY's NULL marker)."""
    texts = [
        {value: r"\N" if value is None else str(value) for value in values}
        for values in distinct
    ]
    codes = {value for values in distinct for value in values if type(value) is str}
    if any(char in code for code in codes for char in COPY_SPECIAL):
        raise ValidationError(
            "A code holds a tab, line break or backslash.", code="invalid_cell"
        )
    return texts


def _copy_lines(
    columns: CellColumns, texts: list[dict[Any, str]], day: str
) -> Iterator[str]:
    """The rows as COPY text, a slice at a time, each line joined in C.

    psycopg2's copy_expert sends each slice as it is read, so PostgreSQL inserts one
    while Python joins the next.
    """
    end = day + "\n"
    for start in range(0, len(columns[-1]), COPY_SLICE):
        fields = [
            map(text.__getitem__, column[start : start + COPY_SLICE])
            for text, column in zip(texts, columns, strict=True)
        ]
        yield "".join(map("\t".join, zip(*fields, repeat(end))))


class _Reader:
    """A file-like view of an iterator of strings, for copy_expert."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self.chunks = chunks

    def read(self, size: int = -1) -> str:
        return next(self.chunks, "")


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
    The cells are all taken before anything is written (a caller's generator may
    query the database, as the seeder's does, which would end a COPY in progress).
    """
    taken = list(cells)
    if len({len(cell) for cell in taken}) > 1:
        raise ValidationError(f"Cells need {FIELDS} fields.", code="invalid_cell")
    columns = list(zip(*taken, strict=True)) if taken else [()] * FIELDS
    return workforce_snapshot_replace_columns(
        organisation_ids=organisation_ids, snapshot_date=snapshot_date, columns=columns
    )


@transaction.atomic
def workforce_snapshot_replace_columns(
    *,
    organisation_ids: Iterable[int],
    snapshot_date: dt.date,
    columns: CellColumns,
) -> tuple[int, int]:
    """workforce_snapshot_replace for cells held a column at a time (WorkforceCell's
    order): the import's shape, so no tuple is ever built per cell."""
    org_ids = set(organisation_ids)
    texts = _copy_texts(_Checker(org_ids).check(columns))
    counts = columns[-1]
    WorkforceHeadcount.objects.filter(
        organisation_id__in=org_ids, snapshot_date=snapshot_date
    ).delete()
    with connection.cursor() as cursor:
        copy = getattr(cursor.cursor, "copy_expert", None)  # psycopg2 on PostgreSQL
        if copy is not None and connection.vendor == "postgresql":
            table = WorkforceHeadcount._meta.db_table
            copy(
                f"COPY {table} ({COPY_COLUMNS}) FROM STDIN WITH (FORMAT text)",
                _Reader(_copy_lines(columns, texts, snapshot_date.isoformat())),
            )
            return len(counts), sum(counts)
    cells = map(WorkforceCell._make, zip(*columns, strict=True))
    for _ in range(0, len(counts), INSERT_BATCH):
        WorkforceHeadcount.objects.bulk_create(
            WorkforceHeadcount(snapshot_date=snapshot_date, **cell._asdict())
            for cell in islice(cells, INSERT_BATCH)
        )
    return len(counts), sum(counts)
