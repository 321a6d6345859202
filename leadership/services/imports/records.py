"""The import format and what an import produces: columns, problems, counts, lookups,
and one dataclass per parsed record type."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models

from careers.models import Profession, Role
from leadership.models import (
    EthnicCategory,
    Organisation,
)
from leadership.services.people import (
    LadderIndex,
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
SAMPLE_PATH = (
    Path(__file__).resolve().parent.parent.parent / "data" / "sample_leaders.csv"
)
NOT_UTF8 = (
    "The file is not UTF-8 text. If it is a spreadsheet, save it as "
    '"CSV UTF-8 (comma delimited)" and upload that file.'
)
NUL_BYTE = (
    "This row holds a NUL byte: the file is binary data, not CSV text. If it is a "
    'spreadsheet, save it as "CSV UTF-8 (comma delimited)" and upload that file.'
)
HEADER_ONLY = (
    "The file has a header row but no rows under it: there is nothing to import. "
    "Add a row for each record below the header."
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
