"""Import a workforce CSV: an ESR-shaped extract (one row a person) or aggregated counts.

An extract is counted on the fly into its distinct rows (workforce_counts: lines
counted as bytes by Counter, then split into columns), never holding the rows. Each
column's distinct values are then checked against the reference tables once, and the
columns mapped to ids with C-level `map` over dicts, so the happy path runs no Python
per row. Only when a value is bad is the file read a second time, by the csv module,
to name the rows and columns where it occurs. Nothing is written unless the whole file
is good; the counts then replace the organisations' snapshot for the date through
workforce_snapshot_replace_columns (COPY on PostgreSQL), still a column at a time.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

from accounts.uploads import SNIFF_BYTES, file_type_problem, formula_problem
from careers.models import Grade, Profession
from leadership.models import EthnicCategory, Organisation
from reports.services.workforce import CellColumns, workforce_snapshot_replace_columns
from reports.services.workforce_counts import (
    Groups,
    count_aggregated,
    count_lines,
    groups_from_lines,
    groups_from_rows,
    read_header,
    read_rows,
    text,
)

DIMENSIONS = (
    "organisation",
    "profession",
    "grade",
    "sex",
    "ethnic_category",
    "disability",
)
HEADCOUNT = "headcount"
MAX_PROBLEMS = 1000
SEX = {"f": "F", "female": "F", "m": "M", "male": "M", "x": "X", "": ""}
SEX.update({"unknown": "", "not known": "", "prefer not to say": "X"})
DISABILITY = {"y": "Y", "yes": "Y", "n": "N", "no": "N", "x": "X", "": ""}
DISABILITY.update(
    {"not declared": "X", "prefer not to answer": "X", "unspecified": "", "unknown": ""}
)


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = (
            f"row {self.row}, column {self.column}"
            if self.column
            else f"row {self.row}"
        )
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    """What an import found and wrote; `problems` empty means it was written."""

    format: str = ""
    rows: int = 0
    staff: int = 0
    cells: int = 0
    organisations: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


class _Lookups:
    """Normalise one raw value of each column to its id, memoised per distinct value."""

    def __init__(self) -> None:
        self.organisations = {
            code.upper(): pk
            for pk, code in Organisation.objects.values_list("pk", "ods_code")
        }
        self.professions: dict[str, int] = {}
        for pk, code, name in Profession.objects.values_list("pk", "code", "name"):
            self.professions[code.lower()] = pk
            self.professions[name.lower()] = pk
        self.grades: dict[str, tuple[int, int]] = {}
        for pk, scheme, code, name, level_id in Grade.objects.values_list(
            "pk", "scheme", "code", "name", "level_id"
        ):
            self.grades[code.lower()] = (pk, level_id)
            self.grades[name.lower()] = (pk, level_id)
            if scheme == "afc":
                self.grades[f"afc band {code}".lower()] = (pk, level_id)
        self.ethnic = {
            code.upper()
            for code in EthnicCategory.objects.values_list("code", flat=True)
        }

    def organisation(self, raw: str) -> int | str:
        return self.organisations.get(raw.strip().upper()) or (
            f"Unknown organisation code {raw!r}."
            if raw.strip()
            else "Enter the organisation's ODS code."
        )

    def profession(self, raw: str) -> int | str:
        return self.professions.get(raw.strip().lower()) or (
            f"Unknown profession {raw!r}: use a profession code such as nursing or physiotherapy."
        )

    def grade(self, raw: str) -> tuple[int, int] | str:
        found = self.grades.get(raw.strip().lower())
        return found or (
            f"Unknown pay band or grade {raw!r}: use an Agenda for Change band (2-9, "
            "8a-8d), VSM or a medical grade such as Consultant."
        )

    def sex(self, raw: str) -> str | None:
        return SEX.get(raw.strip().lower())

    def ethnic_category(self, raw: str) -> str | None:
        value = raw.strip().upper()
        if not value:
            return "X"  # blank: not known
        # ESR may add a local second character ("C2 Northern Irish"): map on the first.
        return value[0] if value[0] in self.ethnic else None

    def disability(self, raw: str) -> str | None:
        return DISABILITY.get(raw.strip().lower())


def _check_header(header: list[str]) -> tuple[dict[str, int], list[Problem], bool]:
    names = [h.strip().lower() for h in header]
    problems = []
    for i, name in enumerate(names):
        if name not in (*DIMENSIONS, HEADCOUNT):
            problems.append(
                Problem(
                    1,
                    name or f"#{i + 1}",
                    "Unknown column. Check the spelling against the documented columns, or remove it.",
                )
            )
        elif names.index(name) != i:
            problems.append(Problem(1, name, "This column is named twice."))
    for name in DIMENSIONS:
        if name not in names:
            problems.append(
                Problem(
                    1,
                    name,
                    f"Missing required column: {name}. The first row must name the columns.",
                )
            )
    return {n: i for i, n in enumerate(names)}, problems, HEADCOUNT in names


def _checks(lookups: _Lookups) -> dict[str, Any]:
    """Per column: raw value -> (ok, value or problem message)."""

    def of(found: str | None, problem: str) -> tuple[bool, Any]:
        return (False, problem) if found is None else (True, found)

    return {
        "organisation": lambda raw: (
            (True, v) if isinstance(v := lookups.organisation(raw), int) else (False, v)
        ),
        "profession": lambda raw: (
            (True, v) if isinstance(v := lookups.profession(raw), int) else (False, v)
        ),
        "grade": lambda raw: (
            (True, v) if isinstance(v := lookups.grade(raw), tuple) else (False, v)
        ),
        "sex": lambda raw: of(
            lookups.sex(raw), f"Unknown sex {raw!r}: use F, M, X or leave blank."
        ),
        "ethnic_category": lambda raw: of(
            lookups.ethnic_category(raw),
            f"Unknown ethnic category {raw!r}: use an NHS Data Dictionary code "
            "A-S, Z or X.",
        ),
        "disability": lambda raw: of(
            lookups.disability(raw),
            f"Unknown disability value {raw!r}: use Y, N, X or leave blank.",
        ),
    }


NOT_UTF8 = 'The file is not UTF-8 text. Save it as "CSV UTF-8 (comma delimited)" and try again.'
HEADER_ONLY = (
    "The file has a header row but no rows under it: there is nothing to import. "
    "Add the workforce rows below the header."
)
NUL_BYTE = "This cell holds a NUL byte: the file is binary data, not CSV text."


def _hostile(check: Any) -> Any:
    """Wrap a column check to refuse formula cells and NUL bytes first."""

    def checked(raw: str) -> tuple[bool, Any]:
        problem = formula_problem(raw) or (NUL_BYTE if "\x00" in raw else None)
        return (False, problem) if problem else check(raw)

    return checked


def workforce_import(
    *, path: Path, snapshot_date: dt.date, dry_run: bool = False
) -> ImportResult:
    """Check the whole file, then replace its organisations' snapshot at the date.

    All or nothing: if any row has a problem, nothing is written and every problem (up
    to MAX_PROBLEMS, with the total) is returned with its row and column. `dry_run`
    checks and counts without writing.
    """
    result = ImportResult()
    with path.open("rb") as handle:
        not_csv = file_type_problem(handle.read(SNIFF_BYTES))
    if not_csv:
        return _fail(result, 1, "", not_csv)
    try:
        header = read_header(path)
        if header is None:
            return _fail(
                result, 1, "", "The file is empty: the first row must name the columns."
            )
        columns, problems, aggregated = _check_header(header)
        if problems:
            result.problems, result.problem_count = problems, len(problems)
            return result
        width = len(header)
        bad_counts = False
        if aggregated:
            result.format = "aggregated"
            groups, bad_counts = count_aggregated(
                read_rows(path), width, columns[HEADCOUNT], _headcount
            )
        else:
            result.format = "extract"
            # The hot loop: one Counter over the file's lines, in C.
            found = groups_from_lines(count_lines(path), width)
            if found is None:  # quoted line breaks or bare carriage returns
                rows = Counter(map(tuple, read_rows(path)))
                found = groups_from_rows(rows, width)
                found.rows = sum(rows.values())
                del rows
            groups = found
        result.rows = groups.rows
        if not result.rows:
            return _fail(result, 1, "", HEADER_ONLY)
        cells, bad_rows = _cells(groups, columns, _Lookups())
    except UnicodeDecodeError:
        return _fail(result, _undecodable_line(path), "", NOT_UTF8)
    if bad_rows or bad_counts or groups.misfits:
        _locate(path, columns, width, aggregated, bad_rows, result)
        return result
    organisations = set(cells.organisations)
    result.organisations = len(organisations)
    if dry_run:
        result.cells, result.staff = cells.count, cells.staff
        return result
    result.cells, result.staff = workforce_snapshot_replace_columns(
        organisation_ids=organisations,
        snapshot_date=snapshot_date,
        columns=cells.columns,
    )
    return result


def _undecodable_line(path: Path) -> int:
    """The number of the first line that is not UTF-8 (read again only on failure)."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _fail(result: ImportResult, row: int, column: str, message: str) -> ImportResult:
    result.problems, result.problem_count = [Problem(row, column, message)], 1
    return result


@dataclass
class _Cells:
    """The file's cells, ready to write a column at a time, and what they add up to."""

    columns: CellColumns  # WorkforceCell's fields in order, headcount last
    organisations: list[int]
    count: int
    staff: int


def _cells(
    groups: Groups, columns: dict[str, int], lookups: _Lookups
) -> tuple[_Cells, dict[tuple[str, ...], list[tuple[str, str]]]]:
    """Check each column's distinct values once, then map the columns to ids.

    Returns the cells, or, when some value is bad, every distinct row holding one with
    its problems in column order (to be located in the file).
    """
    checks = {name: _hostile(check) for name, check in _checks(lookups).items()}
    mapped: dict[str, list[Any]] = {}
    bad_at: dict[int, list[tuple[str, str]]] = {}
    one_to_one = True
    for name in DIMENSIONS:
        column = groups.columns[columns[name]]
        found = {raw: checks[name](text(raw)) for raw in set(column)}
        bad = {raw: message for raw, (ok, message) in found.items() if not ok}
        if bad:
            for i in compress(range(len(column)), map(bad.__contains__, column)):
                bad_at.setdefault(i, []).append((name, bad[column[i]]))
        elif not bad_at:
            values = {raw: value for raw, (_, value) in found.items()}
            one_to_one = one_to_one and len(set(values.values())) == len(values)
            if name == "grade":  # a grade gives the grade and its level
                grades = {raw: grade for raw, (grade, _) in values.items()}
                levels = {raw: level for raw, (_, level) in values.items()}
                mapped["grade"] = list(map(grades.__getitem__, column))
                mapped["level"] = list(map(levels.__getitem__, column))
            else:
                mapped[name] = list(map(values.__getitem__, column))
    if bad_at:
        return _Cells([], [], 0, 0), {
            groups.row(i): problems for i, problems in bad_at.items()
        }
    # In the order of WorkforceCell's fields.
    fields = [mapped[name] for name in (*DIMENSIONS[:3], "level", *DIMENSIONS[3:])]
    organisations = fields[0]  # every one the file names, even with 0 staff
    counts = groups.counts
    if not one_to_one:  # two spellings of one value ("5", "Band 5"): add them up
        sums: dict[tuple[Any, ...], int] = {}
        for key, n in zip(zip(*fields, strict=True), counts, strict=True):
            sums[key] = sums.get(key, 0) + n
        fields = [list(map(itemgetter(i), sums)) for i in range(len(fields))]
        counts = list(sums.values())
    if 0 in counts:  # an aggregated file may give a group 0 staff: it has no cell
        keep = list(map(bool, counts))
        fields = [list(compress(field, keep)) for field in fields]
        counts = list(compress(counts, keep))
    return (
        _Cells(
            [*fields, counts],
            organisations,
            len(counts),
            sum(counts),
        ),
        {},
    )


def _headcount(raw: str) -> int | str:
    try:
        value = int(raw.strip())
    except ValueError:
        return f"Enter the headcount as a whole number, not {raw!r}."
    if value < 0:
        return f"The headcount cannot be negative ({value})."
    return value


def _locate(
    path: Path,
    columns: dict[str, int],
    width: int,
    aggregated: bool,
    bad_keys: dict[tuple[str, ...], list[tuple[str, str]]],
    result: ImportResult,
) -> None:
    """Read the file again to name the row of every problem (all are counted)."""
    at = columns.get(HEADCOUNT)
    problems: list[Problem] = []
    total = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            if not row:
                continue
            line = reader.line_num
            found: list[tuple[str, str]] = []
            if len(row) != width:
                found.append(
                    (
                        "",
                        f"This row has {len(row)} cells but the header names {width} columns.",
                    )
                )
            else:
                key = (
                    tuple(row)
                    if not aggregated
                    else tuple("" if i == at else v for i, v in enumerate(row))
                )
                found.extend(bad_keys.get(key, ()))
                if aggregated:
                    value = _headcount(row[at])
                    if isinstance(value, str):
                        found.append((HEADCOUNT, value))
            total += len(found)
            for column, message in found:
                if len(problems) < MAX_PROBLEMS:
                    problems.append(Problem(line, column, message))
    result.problems, result.problem_count = problems, total
