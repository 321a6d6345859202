"""Import a workforce CSV: an ESR-shaped extract (one row a person) or aggregated counts.

The extract is counted on the fly: the first pass keeps one counter per distinct raw
row (organisation, profession, grade, sex, ethnicity, disability), never the rows,
using Counter over csv.reader, which runs in C. The distinct values are then checked
against the reference tables, once each. Only when a value is bad is the file read a
second time, to name the rows and columns where it occurs. Nothing is written unless
the whole file is good; the counts then replace the organisations' snapshot for the
date through workforce_snapshot_replace (COPY on PostgreSQL).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careers.models import Grade, Profession
from leadership.models import EthnicCategory, Organisation
from reports.services.workforce import WorkforceCell, workforce_snapshot_replace

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


class _KeyMapper:
    """Map a distinct raw row to its cell key; each column's values are checked once."""

    def __init__(self, columns: dict[str, int], lookups: _Lookups) -> None:
        checks = _checks(lookups)
        self.columns = [(name, columns[name], checks[name]) for name in DIMENSIONS]
        self.cache: dict[str, dict[str, tuple[bool, Any]]] = {n: {} for n in DIMENSIONS}

    def __call__(
        self, key: tuple[str, ...]
    ) -> tuple[tuple[Any, ...] | None, list[tuple[str, str]]]:
        values = []
        bad: list[tuple[str, str]] = []
        for name, at, check in self.columns:
            cache = self.cache[name]
            raw = key[at]
            found = cache.get(raw)
            if found is None:
                found = cache[raw] = check(raw)
            if found[0]:
                values.append(found[1])
            else:
                bad.append((name, found[1]))
        if bad:
            return None, bad
        org, profession, (grade, level), sex, ethnic, disability = values
        return (org, profession, grade, level, sex, ethnic, disability), []


def workforce_import(
    *, path: Path, snapshot_date: dt.date, dry_run: bool = False
) -> ImportResult:
    """Check the whole file, then replace its organisations' snapshot at the date.

    All or nothing: if any row has a problem, nothing is written and every problem (up
    to MAX_PROBLEMS, with the total) is returned with its row and column. `dry_run`
    checks and counts without writing.
    """
    result = ImportResult()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                result.problems.append(
                    Problem(
                        1, "", "The file is empty: the first row must name the columns."
                    )
                )
                result.problem_count = 1
                return result
            columns, problems, aggregated = _check_header(header)
            if problems:
                result.problems, result.problem_count = problems, len(problems)
                return result
            result.format = "aggregated" if aggregated else "extract"
            width = len(header)
            if aggregated:
                counts, bad_counts = _count_aggregated(reader, columns, width)
            else:
                # The hot loop: csv.reader, tuple and Counter all run in C.
                counts, bad_counts = Counter(map(tuple, reader)), False
    except UnicodeDecodeError:
        result.problems = [
            Problem(
                1,
                "",
                'The file is not UTF-8 text. Save it as "CSV UTF-8 (comma delimited)" '
                "and try again.",
            )
        ]
        result.problem_count = 1
        return result
    counts.pop((), None)  # blank lines
    mapper = _KeyMapper(columns, _Lookups())
    cells: dict[tuple[Any, ...], int] = {}
    bad_keys: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for key, n in counts.items():
        if len(key) != width:
            bad_keys[key] = [
                (
                    "",
                    f"This row has {len(key)} cells but the header names {width} columns.",
                )
            ]
            continue
        cell, bad = mapper(key)
        if bad:
            bad_keys[key] = bad
        else:
            cells[cell] = cells.get(cell, 0) + n
    result.rows = sum(counts.values())
    if bad_keys or bad_counts:
        _locate(path, columns, width, aggregated, bad_keys, result)
        return result
    organisations = {key[0] for key in cells}
    if dry_run:
        result.cells, result.organisations = len(cells), len(organisations)
        result.staff = sum(cells.values())
        return result
    written, staff = workforce_snapshot_replace(
        organisation_ids=organisations,
        snapshot_date=snapshot_date,
        cells=(
            WorkforceCell(org, prof, grade, level, sex, eth, dis, n)
            for (org, prof, grade, level, sex, eth, dis), n in cells.items()
            if n > 0
        ),
    )
    result.cells, result.staff, result.organisations = (
        written,
        staff,
        len(organisations),
    )
    return result


def _headcount(raw: str) -> int | str:
    try:
        value = int(raw.strip())
    except ValueError:
        return f"Enter the headcount as a whole number, not {raw!r}."
    if value < 0:
        return f"The headcount cannot be negative ({value})."
    return value


def _count_aggregated(
    rows: Iterator[list[str]], columns: dict[str, int], width: int
) -> tuple[Counter[tuple[str, ...]], bool]:
    """Sum headcounts per distinct dimension values; flag any bad headcount."""
    at = columns[HEADCOUNT]
    keep = [i for i in range(width) if i != at]
    counts: Counter[tuple[str, ...]] = Counter()
    bad = False
    for row in rows:
        if not row:
            continue
        if len(row) != width:
            counts[tuple(row)] += 0  # reported with its row by _locate
            bad = True
            continue
        value = _headcount(row[at])
        if isinstance(value, str):
            bad = True
            continue
        # Keep the header's positions: the headcount column holds a placeholder.
        key = tuple(row[i] if i in keep else "" for i in range(width))
        counts[key] += value
    return counts, bad


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
