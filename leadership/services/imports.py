"""Import people, appointments, qualifications and registrations from one CSV format.

Two passes over the stream, so a file of any size never sits in memory. The first pass
validates every row (reference codes from dicts read once, people and registrations
looked up in bulk per chunk) and records each problem with its row and column. The
second pass runs only when the file is clean, or when the caller asked for the valid
rows alone: it reads the file again and writes everything in one transaction through
the people services. Rows are matched on stable keys, so importing the same file
again creates nothing. The format is documented in docs/data-formats.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from careers.models import Profession, Role
from leadership.models import (
    Appointment,
    ContractType,
    DatePrecision,
    Disability,
    EthnicCategory,
    Organisation,
    Person,
    Qualification,
    QualificationKind,
    Registration,
    RegistrationStatus,
    Sex,
    Specialty,
)
from leadership.services.people import (
    LadderIndex,
    appointment_problems,
    appointments_bulk_create,
    people_bulk_create,
    person_problems,
)
from regulation.models import Regulator

# The documented columns, in the order of docs/data-formats.md.
COLUMNS: tuple[str, ...] = (
    "record",
    "person_ref",
    "full_name",
    "profession",
    "specialty",
    "sex",
    "ethnic_category",
    "disability",
    "year_of_birth",
    "organisation",
    "role",
    "title",
    "contract_type",
    "board_seat",
    "voting",
    "start",
    "end",
    "qualification_kind",
    "qualification_name",
    "provider",
    "year",
    "regulator",
    "registration_number",
    "registration_status",
    "revalidation_due",
    "clinical_work",
    "clinical_sessions",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("record", "person_ref")
RECORD_TYPES: tuple[str, ...] = (
    "person",
    "appointment",
    "qualification",
    "registration",
)
CHUNK_SIZE = 1000
MAX_LINE_BYTES = 1024 * 1024
MAX_PROBLEMS = 1000
SAMPLE_PATH = Path(__file__).resolve().parent.parent / "data" / "sample_leaders.csv"
NOT_UTF8 = (
    "The file is not UTF-8 text. If it is a spreadsheet, save it as "
    '"CSV UTF-8 (comma delimited)" and upload that file.'
)
# Accepted spellings of yes and no; anything else is reported.
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})
# "none" states explicitly that a board-level role holds no seat (blank means the role's).
BOARD_SEAT_VALUES = ("executive", "non_executive", "none")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# appointment_problems() names model fields; the file names columns.
_APPOINTMENT_COLUMN = {
    "role": "role",
    "level": "role",
    "grade": "role",
    "board_seat": "board_seat",
    "is_voting": "voting",
    "contract_type": "contract_type",
    "start_date": "start",
    "start_precision": "start",
    "end_date": "end",
    "end_precision": "end",
}
_PERSON_COLUMN = {"external_ref": "person_ref"}


def _max_length(model: type[models.Model], name: str) -> int:
    return int(model._meta.get_field(name).max_length or 0)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: row 1 is the header, column "" the whole row."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"row {self.row}, column {self.column}: {self.message}"
        return f"row {self.row}: {self.message}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _empty_counts() -> dict[str, Counts]:
    return {kind: Counts() for kind in RECORD_TYPES}


@dataclass
class ImportResult:
    """What an import found and did; `problems` holds at most MAX_PROBLEMS entries."""

    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows_skipped: int = 0
    written: bool = False
    dry_run: bool = False
    only_valid: bool = False
    # The file as a whole could not be read (encoding, header): no row can be imported.
    unreadable: bool = False
    # Problems stopped the import, so nothing was (or, in a dry run, would be) written.
    aborted: bool = False
    counts: dict[str, Counts] = field(default_factory=_empty_counts)

    @property
    def more_problems(self) -> int:
        """How many problems were found beyond those kept in `problems`."""
        return self.problem_count - len(self.problems)

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


class _Unreadable(Exception):
    """The file cannot be read at all; carries the one problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# --------------------------------------------------------------------- lookups


@dataclass(frozen=True)
class Lookups:
    """Every reference code the file may use, read once so rows validate without queries."""

    organisations: dict[str, int]
    roles: dict[str, int]
    professions: dict[str, int]
    regulators: dict[str, int]
    regulator_codes: dict[int, str]
    licensing: frozenset[int]
    ethnic_categories: frozenset[str]
    ladder: LadderIndex

    @classmethod
    def load(cls) -> Lookups:
        regulators = list(
            Regulator.objects.values_list("id", "code", "has_licence_to_practise")
        )
        return cls(
            organisations={
                code.upper(): pk
                for pk, code in Organisation.objects.values_list("id", "ods_code")
            },
            roles={code: pk for pk, code in Role.objects.values_list("id", "code")},
            professions={
                code: pk for pk, code in Profession.objects.values_list("id", "code")
            },
            regulators={code.upper(): pk for pk, code, _ in regulators},
            regulator_codes={pk: code for pk, code, _ in regulators},
            licensing=frozenset(pk for pk, _, licence in regulators if licence),
            ethnic_categories=frozenset(
                EthnicCategory.objects.values_list("code", flat=True)
            ),
            ladder=LadderIndex.load(),
        )


# ------------------------------------------------------------- parsed records


@dataclass
class PersonRow:
    line: int
    ref: str
    full_name: str
    profession_id: int
    specialty: str
    sex: str
    ethnic_category_id: str | None
    disability: str
    year_of_birth: int | None

    MODEL_FIELDS = (
        "full_name",
        "profession_id",
        "specialty",
        "sex",
        "ethnic_category_id",
        "disability",
        "year_of_birth",
    )


@dataclass
class AppointmentRow:
    line: int
    ref: str
    organisation_id: int
    role_id: int
    level_id: int
    title: str
    contract_type: str
    board_seat: str
    is_voting: bool
    start_date: dt.date
    start_precision: str
    end_date: dt.date | None
    end_precision: str

    MODEL_FIELDS = (
        "level_id",
        "title",
        "contract_type",
        "board_seat",
        "is_voting",
        "start_precision",
        "end_date",
        "end_precision",
    )


@dataclass
class QualificationRow:
    line: int
    ref: str
    kind: str
    name: str
    provider: str
    year: int | None

    MODEL_FIELDS = ("provider",)


@dataclass
class RegistrationRow:
    line: int
    ref: str
    regulator_id: int
    number: str
    status: str
    revalidation_due: dt.date | None
    does_clinical_work: bool
    clinical_sessions: int

    MODEL_FIELDS = (
        "status",
        "revalidation_due",
        "does_clinical_work",
        "clinical_sessions",
    )


Record = PersonRow | AppointmentRow | QualificationRow | RegistrationRow


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


class _Cells:
    """One row's cells, with typed readers that note a problem instead of raising."""

    def __init__(self, line: int, cells: dict[str, str]) -> None:
        self.line = line
        self.cells = cells
        self.problems: list[Problem] = []

    def error(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.error(column, f"Enter a value: {column} is required on this row.")
        elif max_length and len(value) > max_length:
            self.error(column, f"Use at most {max_length} characters.")
        return value

    def code(
        self, column: str, known: dict[str, Any], *, label: str, upper: bool = False
    ) -> Any:
        """Return known[value] for a required reference code, or None with a problem."""
        value = self.text(column, required=True)
        if not value:
            return None
        key = value.upper() if upper else value.lower()
        if key not in known:
            self.error(column, f"Unknown {label} '{_shown(value)}'.")
            return None
        return known[key]

    def choice(
        self,
        column: str,
        allowed: list[str],
        *,
        upper: bool = False,
        default: str = "",
        required: bool = False,
    ) -> str:
        value = self.text(column, required=required)
        if not value:
            return default
        value = value.upper() if upper else value.lower()
        if value not in allowed:
            self.error(
                column,
                f"Unknown value '{_shown(value)}'. Use one of: "
                + ", ".join(a for a in allowed if a)
                + ".",
            )
            return default
        return value

    def flag(self, column: str, default: bool | None) -> bool | None:
        value = self.text(column).lower()
        if not value:
            return default
        if value in YES:
            return True
        if value in NO:
            return False
        self.error(column, f"Enter yes or no, not '{_shown(value)}'.")
        return default

    def integer(self, column: str, low: int, high: int) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if value.isdigit() and low <= int(value) <= high:
            return int(value)
        self.error(
            column, f"Enter a whole number from {low} to {high}, not '{_shown(value)}'."
        )
        return None

    def partial_date(
        self, column: str, *, required: bool
    ) -> tuple[dt.date | None, str]:
        """Read YYYY, YYYY-MM or YYYY-MM-DD as the period's first day and its precision."""
        value = self.text(column, required=required)
        if not value:
            return None, DatePrecision.DAY
        match = _PARTIAL_DATE.match(value)
        try:
            if match is None:
                raise ValueError(value)
            year, month, day = match.groups()
            precision = (
                DatePrecision.DAY
                if day
                else DatePrecision.MONTH
                if month
                else DatePrecision.YEAR
            )
            return dt.date(int(year), int(month or 1), int(day or 1)), precision
        except ValueError:
            self.error(
                column,
                f"Enter a real date as YYYY, YYYY-MM or YYYY-MM-DD, not '{_shown(value)}'.",
            )
            return None, DatePrecision.DAY

    def day(self, column: str) -> dt.date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(
                column, f"Enter a real date as YYYY-MM-DD, not '{_shown(value)}'."
            )
            return None


def _parse_person(row: _Cells, ref: str, lookups: Lookups) -> PersonRow | None:
    full_name = row.text(
        "full_name", required=True, max_length=_max_length(Person, "full_name")
    )
    profession_id = row.code("profession", lookups.professions, label="profession")
    specialty = row.choice("specialty", Specialty.values)
    sex = row.choice("sex", Sex.values, upper=True)
    ethnic = row.text("ethnic_category").upper() or None
    if ethnic is not None and ethnic not in lookups.ethnic_categories:
        row.error("ethnic_category", f"Unknown ethnic category '{_shown(ethnic)}'.")
        ethnic = None
    disability = row.choice("disability", Disability.values, upper=True)
    year_of_birth = row.integer("year_of_birth", 1900, 2100)
    if row.problems or profession_id is None:
        return None
    person = Person(
        external_ref=ref,
        full_name=full_name,
        profession_id=profession_id,
        specialty=specialty,
        sex=sex,
        disability=disability,
        year_of_birth=year_of_birth,
    )
    for name, _code, message in person_problems(person):
        row.error(_PERSON_COLUMN.get(name, name), message)
    if row.problems:
        return None
    return PersonRow(
        row.line,
        ref,
        full_name,
        profession_id,
        specialty,
        sex,
        ethnic,
        disability,
        year_of_birth,
    )


def _parse_appointment(
    row: _Cells, ref: str, lookups: Lookups
) -> AppointmentRow | None:
    organisation_id = row.code(
        "organisation", lookups.organisations, label="organisation code", upper=True
    )
    role_id = row.code("role", lookups.roles, label="role")
    title = row.text("title", max_length=_max_length(Appointment, "title"))
    contract_type = row.choice(
        "contract_type", ContractType.values, default=ContractType.SUBSTANTIVE
    )
    seat_value = row.choice("board_seat", list(BOARD_SEAT_VALUES))
    voting = row.flag("voting", default=None)
    start_date, start_precision = row.partial_date("start", required=True)
    end_date, end_precision = row.partial_date("end", required=False)
    if row.problems or role_id is None or organisation_id is None or not start_date:
        return None
    role_seat = lookups.ladder.role_seat.get(role_id, "")
    board_seat = "" if seat_value == "none" else seat_value or role_seat
    # Board members vote unless the file says otherwise.
    is_voting = bool(board_seat) if voting is None else voting
    level_id = lookups.ladder.role_level[role_id]
    appointment = Appointment(
        organisation_id=organisation_id,
        role_id=role_id,
        level_id=level_id,
        title=title,
        contract_type=contract_type,
        board_seat=board_seat,
        is_voting=is_voting,
        start_date=start_date,
        start_precision=start_precision,
        end_date=end_date,
        end_precision=end_precision,
    )
    for name, _code, message in appointment_problems(appointment, lookups.ladder):
        row.error(_APPOINTMENT_COLUMN.get(name, name), message)
    if row.problems:
        return None
    return AppointmentRow(
        row.line,
        ref,
        organisation_id,
        role_id,
        level_id,
        title,
        contract_type,
        board_seat,
        is_voting,
        start_date,
        start_precision,
        end_date,
        end_precision,
    )


def _parse_qualification(row: _Cells, ref: str) -> QualificationRow | None:
    kind = row.choice("qualification_kind", QualificationKind.values, required=True)
    name = row.text(
        "qualification_name",
        required=True,
        max_length=_max_length(Qualification, "name"),
    )
    provider = row.text("provider", max_length=_max_length(Qualification, "provider"))
    year = row.integer("year", 1940, 2100)
    if row.problems:
        return None
    return QualificationRow(row.line, ref, kind, name, provider, year)


def _parse_registration(
    row: _Cells, ref: str, lookups: Lookups
) -> RegistrationRow | None:
    regulator_id = row.code(
        "regulator", lookups.regulators, label="regulator", upper=True
    )
    number = row.text(
        "registration_number",
        required=True,
        max_length=_max_length(Registration, "registration_number"),
    )
    status = row.choice("registration_status", RegistrationStatus.values, required=True)
    revalidation_due = row.day("revalidation_due")
    sessions = row.integer("clinical_sessions", 0, 10) or 0
    clinical = bool(row.flag("clinical_work", default=False))
    if sessions and not clinical:
        row.error(
            "clinical_sessions",
            "Clinical sessions need clinical_work yes; leave it blank or 0 otherwise.",
        )
    if (
        status == RegistrationStatus.LICENSED
        and regulator_id is not None
        and regulator_id not in lookups.licensing
    ):
        code = lookups.regulator_codes[regulator_id]
        row.error(
            "registration_status", f"{code} does not issue a licence to practise."
        )
    if row.problems or regulator_id is None:
        return None
    return RegistrationRow(
        row.line,
        ref,
        regulator_id,
        number,
        status,
        revalidation_due,
        clinical,
        sessions,
    )


def _parse(row: _Cells, lookups: Lookups) -> tuple[str, str, Record | None]:
    """Return the row's record type, person reference and record (None if it failed)."""
    kind = row.text("record", required=True).lower()
    ref = row.text(
        "person_ref", required=True, max_length=_max_length(Person, "external_ref")
    )
    if kind and kind not in RECORD_TYPES:
        row.error(
            "record",
            f"Unknown record type '{_shown(kind)}'. Use one of: "
            + ", ".join(RECORD_TYPES)
            + ".",
        )
    if row.problems:
        return kind, ref, None
    record: Record | None
    if kind == "person":
        record = _parse_person(row, ref, lookups)
    elif kind == "appointment":
        record = _parse_appointment(row, ref, lookups)
    elif kind == "qualification":
        record = _parse_qualification(row, ref)
    else:
        record = _parse_registration(row, ref, lookups)
    return kind, ref, record


# --------------------------------------------------------------- reading the file


def _header(names: list[str], result: ImportResult) -> list[str]:
    """Check the header row; report unknown columns, raise for missing or repeated ones."""
    header = [name.strip().lower() for name in names]
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise _Unreadable(
                Problem(1, name, "This column appears twice in the header.")
            )
        seen.add(name)
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        raise _Unreadable(
            Problem(
                1,
                missing[0],
                "Missing required column"
                + ("s: " if len(missing) > 1 else ": ")
                + ", ".join(missing)
                + ". The first row must name the columns.",
            )
        )
    for name in header:
        if name and name not in COLUMNS:
            result.add(
                Problem(
                    1,
                    name,
                    "Unknown column. Check the spelling against the documented "
                    "columns, or remove it.",
                )
            )
    return header


def _lines(file: IO[bytes]) -> Iterator[str]:
    """Decode the file line by line, so a bad byte is reported on its own row."""
    number = 0
    while raw := file.readline(MAX_LINE_BYTES):
        number += 1
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise _Unreadable(
                Problem(
                    number, "", "This row is too long: it is not a leaders CSV row."
                )
            )
        try:
            # utf-8-sig drops the byte-order mark spreadsheets put before the header.
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise _Unreadable(Problem(number, "", NOT_UTF8)) from None


def _rows(file: IO[bytes], result: ImportResult) -> Iterator[_Cells]:
    """Yield each non-blank row of the file from the start, one at a time.

    Rows carry the file line they end on. Raises _Unreadable for faults of the whole
    file: not UTF-8, binary, empty, a bad header or a cell too large for CSV.
    """
    file.seek(0)
    if b"\x00" in file.read(8192):
        raise _Unreadable(Problem(1, "", NOT_UTF8))
    file.seek(0)
    reader = csv.reader(_lines(file))
    try:
        names = next(reader)
    except StopIteration:
        raise _Unreadable(
            Problem(1, "", "The file is empty: the first row must name the columns.")
        ) from None
    except csv.Error as exc:
        raise _Unreadable(
            Problem(1, "", f"The file is not valid CSV: {exc}.")
        ) from None
    header = _header(names, result)
    width = len(header)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _Unreadable(
                Problem(reader.line_num, "", f"The file is not valid CSV: {exc}.")
            ) from None
        if not any(cell.strip() for cell in cells):
            continue
        row = _Cells(
            reader.line_num,
            {
                name: value
                for name, value in zip(header, cells, strict=False)
                if name in COLUMNS
            },
        )
        if len(cells) > width:
            row.error(
                "",
                f"This row has {len(cells)} cells but the header names {width} "
                "columns.",
            )
        yield row


def _chunks(rows: Iterator[_Cells], size: int = CHUNK_SIZE) -> Iterator[list[_Cells]]:
    chunk: list[_Cells] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --------------------------------------------------------------- first pass


@dataclass
class _Plan:
    """What the first pass learnt that the second needs: which rows to leave out."""

    bad_lines: set[int] = field(default_factory=set)
    failed_refs: set[str] = field(default_factory=set)


def _check_chunk(
    chunk: list[_Cells],
    lookups: Lookups,
    seen: dict[str, dict[Any, Any]],
    result: ImportResult,
    plan: _Plan,
) -> None:
    """Validate a chunk's rows, across rows and against the database (two queries)."""
    parsed = [(row, *_parse(row, lookups)) for row in chunk]
    refs = {ref for _, _, ref, _ in parsed if ref}
    existing_refs = set(
        Person.objects.filter(external_ref__in=refs).values_list(
            "external_ref", flat=True
        )
    )
    numbers = {r.number for *_, r in parsed if isinstance(r, RegistrationRow)}
    held: dict[tuple[int, str], str] = {
        (regulator_id, number): owner
        for regulator_id, number, owner in Registration.objects.filter(
            registration_number__in=numbers
        ).values_list("regulator_id", "registration_number", "person__external_ref")
    }
    people, keys, registrations = seen["people"], seen["keys"], seen["registrations"]
    for row, kind, ref, record in parsed:
        result.rows_read += 1
        if kind == "person" and ref:
            if ref in people:
                row.error(
                    "person_ref",
                    f"This person already has a person row (row {people[ref]}).",
                )
            else:
                people[ref] = row.line
        elif (
            ref
            and kind in RECORD_TYPES
            and ref not in existing_refs
            and ref not in people
        ):
            row.error(
                "person_ref",
                f"Unknown person '{_shown(ref)}': add their person row above this "
                "row, or import the person first.",
            )
        key: tuple[Any, ...] | None = None
        if isinstance(record, AppointmentRow):
            key = (
                "appointment",
                ref,
                record.organisation_id,
                record.role_id,
                record.start_date,
            )
        elif isinstance(record, QualificationRow):
            key = ("qualification", ref, record.kind, record.name, record.year)
        elif isinstance(record, RegistrationRow):
            number_key = (record.regulator_id, record.number)
            label = f"{lookups.regulator_codes[record.regulator_id]} {record.number}"
            owner = held.get(number_key)
            if number_key in registrations and registrations[number_key][0] != ref:
                other_ref, other_line = registrations[number_key]
                row.error(
                    "registration_number",
                    f"Duplicate registration number: {label} is also given for "
                    f"person '{_shown(other_ref)}' on row {other_line}.",
                )
            elif owner is not None and owner != ref:
                row.error(
                    "registration_number",
                    f"Duplicate registration number: {label} is already held by "
                    f"another person ('{_shown(owner)}').",
                )
            else:
                key = ("registration", *number_key)
        if key is not None and not row.problems:
            if key in keys:
                row.error("", f"This row repeats row {keys[key]}.")
            else:
                keys[key] = row.line
                if isinstance(record, RegistrationRow):
                    registrations[(record.regulator_id, record.number)] = (
                        ref,
                        row.line,
                    )
        if row.problems:
            plan.bad_lines.add(row.line)
            if kind == "person" and ref:
                plan.failed_refs.add(ref)
            for problem in row.problems:
                result.add(problem)


def _validate(file: IO[bytes], lookups: Lookups, result: ImportResult) -> _Plan | None:
    """Run the first pass; return None when the file cannot be read at all."""
    plan = _Plan()
    seen: dict[str, dict[Any, Any]] = {"people": {}, "keys": {}, "registrations": {}}
    try:
        for chunk in _chunks(_rows(file, result)):
            _check_chunk(chunk, lookups, seen, result, plan)
    except _Unreadable as exc:
        result.add(exc.problem)
        result.unreadable = True
        return None
    return plan


# --------------------------------------------------------------- second pass


def _changed(obj: models.Model, record: Any) -> bool:
    """Copy the record's values onto the object; True when any differed."""
    changed = False
    for name in record.MODEL_FIELDS:
        value = getattr(record, name)
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _save_changes(
    model: type[models.Model], objs: list[Any], names: tuple[str, ...]
) -> None:
    if not objs:
        return
    update = list(names)
    if any(f.name == "updated_at" for f in model._meta.get_fields()):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        update.append("updated_at")
    bulk_update_with_history(
        objs, model, update, batch_size=CHUNK_SIZE, default_change_reason="import"
    )


def _write_people(
    records: list[PersonRow], refs: set[str], result: ImportResult
) -> dict[str, int]:
    """Create or update the chunk's people; return ids of every person the chunk names."""
    existing = {p.external_ref: p for p in Person.objects.filter(external_ref__in=refs)}
    new: list[Person] = []
    changed: list[Person] = []
    counts = result.counts["person"]
    for record in records:
        person = existing.get(record.ref)
        if person is None:
            new.append(
                Person(
                    external_ref=record.ref,
                    **{name: getattr(record, name) for name in record.MODEL_FIELDS},
                )
            )
        elif _changed(person, record):
            changed.append(person)
        else:
            counts.unchanged += 1
    _save_changes(Person, changed, PersonRow.MODEL_FIELDS)
    counts.updated += len(changed)
    if new:
        for person in people_bulk_create(new, batch_size=CHUNK_SIZE):
            existing[person.external_ref] = person
        counts.created += len(new)
    ids = {ref: person.pk for ref, person in existing.items()}
    missing = refs - ids.keys()
    if missing:
        # People created by an earlier chunk, or an earlier import.
        ids.update(
            Person.objects.filter(external_ref__in=missing).values_list(
                "external_ref", "id"
            )
        )
    return ids


def _write_timeline(
    records: list[Record], ids: dict[str, int], lookups: Lookups, result: ImportResult
) -> None:
    """Create or update the chunk's appointments, qualifications and registrations."""
    person_ids = {ids[r.ref] for r in records}
    appointments = {
        (a.person_id, a.organisation_id, a.role_id, a.start_date): a
        for a in Appointment.objects.filter(person_id__in=person_ids)
    }
    qualifications = {
        (q.person_id, q.kind, q.name, q.year): q
        for q in Qualification.objects.filter(person_id__in=person_ids)
    }
    registrations = {
        (r.regulator_id, r.registration_number): r
        for r in Registration.objects.filter(
            registration_number__in={
                r.number for r in records if isinstance(r, RegistrationRow)
            }
        )
    }
    new: dict[str, list[Any]] = {kind: [] for kind in RECORD_TYPES}
    changed: dict[str, list[Any]] = {kind: [] for kind in RECORD_TYPES}
    for record in records:
        person_id = ids[record.ref]
        obj: Any
        if isinstance(record, AppointmentRow):
            kind = "appointment"
            obj = appointments.get(
                (person_id, record.organisation_id, record.role_id, record.start_date)
            )
            if obj is None:
                obj = Appointment(
                    person_id=person_id,
                    organisation_id=record.organisation_id,
                    role_id=record.role_id,
                    start_date=record.start_date,
                )
        elif isinstance(record, QualificationRow):
            kind = "qualification"
            obj = qualifications.get(
                (person_id, record.kind, record.name, record.year)
            ) or Qualification(
                person_id=person_id,
                kind=record.kind,
                name=record.name,
                year=record.year,
            )
        elif isinstance(record, RegistrationRow):
            kind = "registration"
            obj = registrations.get((record.regulator_id, record.number))
            if obj is None:
                obj = Registration(
                    person_id=person_id,
                    regulator_id=record.regulator_id,
                    registration_number=record.number,
                )
            elif obj.person_id != person_id:
                raise ValidationError(
                    "A registration number was taken by another person during the "
                    "import.",
                    code="duplicate",
                )
        else:
            continue
        if obj.pk is None:
            _changed(obj, record)
            new[kind].append(obj)
        elif _changed(obj, record):
            changed[kind].append(obj)
        else:
            result.counts[kind].unchanged += 1
    if new["appointment"]:
        appointments_bulk_create(
            new["appointment"], batch_size=CHUNK_SIZE, index=lookups.ladder
        )
    for kind, model in (
        ("qualification", Qualification),
        ("registration", Registration),
    ):
        if new[kind]:
            bulk_create_with_history(
                new[kind], model, batch_size=CHUNK_SIZE, default_change_reason="import"
            )
    for kind, model, row_type in (
        ("appointment", Appointment, AppointmentRow),
        ("qualification", Qualification, QualificationRow),
        ("registration", Registration, RegistrationRow),
    ):
        _save_changes(model, changed[kind], row_type.MODEL_FIELDS)
        result.counts[kind].created += len(new[kind])
        result.counts[kind].updated += len(changed[kind])


def _write(
    file: IO[bytes], lookups: Lookups, plan: _Plan, result: ImportResult
) -> None:
    """Second pass: re-read the file and write every row the plan keeps."""
    scratch = ImportResult()
    for chunk in _chunks(_rows(file, scratch)):
        people: list[PersonRow] = []
        others: list[Record] = []
        refs: set[str] = set()
        for row in chunk:
            if row.line in plan.bad_lines:
                continue
            _kind, ref, record = _parse(row, lookups)
            if ref in plan.failed_refs or record is None:
                result.rows_skipped += 1
                continue
            refs.add(ref)
            if isinstance(record, PersonRow):
                people.append(record)
            else:
                others.append(record)
        ids = _write_people(people, refs, result)
        _write_timeline(others, ids, lookups, result)


def leaders_validate(*, file: IO[bytes]) -> ImportResult:
    """Check a leaders CSV without writing anything; reads the file once, streamed."""
    result = ImportResult()
    _validate(file, Lookups.load(), result)
    return result


def leaders_import(
    *, file: IO[bytes], only_valid: bool = False, dry_run: bool = False
) -> ImportResult:
    """Validate a leaders CSV (binary, seekable) and, if it is clean, import it.

    Nothing is written when any row has a problem, unless `only_valid` is set: then
    the rows with problems, and every row of a person whose person row failed, are
    left out and the rest are written. All writes happen in one transaction; with
    `dry_run` the transaction is rolled back, so the counts say what would change.
    """
    result = ImportResult(dry_run=dry_run, only_valid=only_valid)
    lookups = Lookups.load()
    plan = _validate(file, lookups, result)
    if plan is None or (result.problem_count and not only_valid):
        result.aborted = True
        return result
    result.rows_skipped = len(plan.bad_lines)
    try:
        with transaction.atomic():
            _write(file, lookups, plan, result)
            if dry_run:
                transaction.set_rollback(True)
    except (ValidationError, DatabaseError, _Unreadable) as exc:
        # Another writer changed the same records between the passes: report, not 500.
        result.counts = _empty_counts()
        result.aborted = True
        result.add(
            Problem(
                0,
                "",
                "Nothing was imported: the database refused the changes "
                f"({_shown(str(exc))}). Try the import again.",
            )
        )
        return result
    result.written = not dry_run
    return result


def result_counts(result: ImportResult) -> list[dict[str, Any]]:
    """Return the counts as rows for a table or a command's output."""
    return [
        {"record": kind, **{f.name: getattr(c, f.name) for f in fields(c)}}
        for kind, c in result.counts.items()
    ]
