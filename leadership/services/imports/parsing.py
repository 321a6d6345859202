"""Reading the file: decode line by line, check the header, and turn each row into a
parsed record or a list of problems with their row and column."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from typing import IO, Any

from accounts.uploads import SNIFF_BYTES, file_type_problem, formula_problem
from leadership.models import (
    Appointment,
    ContractType,
    DatePrecision,
    Disability,
    Person,
    Qualification,
    QualificationKind,
    Registration,
    RegistrationStatus,
    Sex,
    Specialty,
)
from leadership.services.imports.records import (
    _APPOINTMENT_COLUMN,
    _PARTIAL_DATE,
    _PERSON_COLUMN,
    BOARD_SEAT_VALUES,
    CHUNK_SIZE,
    COLUMNS,
    HEADER_ONLY,
    MAX_LINE_BYTES,
    NO,
    NOT_UTF8,
    NUL_BYTE,
    RECORD_TYPES,
    REQUIRED_COLUMNS,
    YES,
    AppointmentRow,
    ImportResult,
    Lookups,
    PersonRow,
    Problem,
    QualificationRow,
    Record,
    RegistrationRow,
    _max_length,
    _Unreadable,
)
from leadership.services.people import (
    appointment_problems,
    person_problems,
)


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
        """Every cell is read here, so a formula cell is refused whatever its column."""
        raw = self.cells.get(column, "")
        formula = formula_problem(raw)
        if formula:
            self.error(column, formula)
            return ""
        value = raw.strip()
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
        if b"\x00" in raw:
            # PostgreSQL cannot store a NUL, and no text file holds one.
            raise _Unreadable(Problem(number, "", NUL_BYTE))
        try:
            # utf-8-sig drops the byte-order mark spreadsheets put before the header.
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise _Unreadable(Problem(number, "", NOT_UTF8)) from None


def _not_csv(exc: csv.Error) -> str:
    """Say what the csv module's error means for someone editing the file."""
    if "new-line character" in str(exc):
        return (
            "The file is not valid CSV: a line break or carriage return is inside a "
            "cell that is not in double quotes."
        )
    return f"The file is not valid CSV: {exc}."


def _rows(file: IO[bytes], result: ImportResult) -> Iterator[_Cells]:
    """Yield each non-blank row of the file from the start, one at a time.

    Rows carry the file line they end on. Raises _Unreadable for faults of the whole
    file: not UTF-8, binary, empty or only a header, a bad header or a cell too large
    for CSV.
    """
    file.seek(0)
    not_csv = file_type_problem(file.read(SNIFF_BYTES))
    if not_csv:
        raise _Unreadable(Problem(1, "", not_csv))
    file.seek(0)
    reader = csv.reader(_lines(file))
    try:
        names = next(reader)
    except StopIteration:
        raise _Unreadable(
            Problem(1, "", "The file is empty: the first row must name the columns.")
        ) from None
    except csv.Error as exc:
        raise _Unreadable(Problem(1, "", _not_csv(exc))) from None
    header = _header(names, result)
    width = len(header)
    rows = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            if not rows:
                raise _Unreadable(Problem(1, "", HEADER_ONLY)) from None
            return
        except csv.Error as exc:
            raise _Unreadable(Problem(reader.line_num, "", _not_csv(exc))) from None
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
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
