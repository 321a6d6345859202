"""Writes for people and their career timelines: one row at a time, or in bulk.

The bulk services are the path CSV imports and the demo seeder share: they validate every
row in Python first (so a bad row is reported with its position and nothing is written),
then insert in batches with bulk_create. The single-row services run full_clean so forms,
the API and the admin get the same rules with field-level messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef

from careers.models import BoardSeat, Grade, Level, Role
from leadership.models import (
    Appointment,
    ContractType,
    DatePrecision,
    Disability,
    EthnicCategory,
    Organisation,
    Person,
    Sex,
)

DEFAULT_BATCH_SIZE = 2000
BOARD_SEATS = frozenset({BoardSeat.EXECUTIVE.value, BoardSeat.NON_EXECUTIVE.value})

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class LadderIndex:
    """Level, board seat and grade facts read once, so bulk validation needs no queries."""

    role_level: dict[int, int]
    role_seat: dict[int, str]
    grade_level: dict[int, int]
    level_rank: dict[int, int]

    @classmethod
    def load(cls) -> LadderIndex:
        return cls(
            role_level=dict(Role.objects.values_list("id", "level_id")),
            role_seat=dict(Role.objects.values_list("id", "board_seat")),
            grade_level=dict(Grade.objects.values_list("id", "level_id")),
            level_rank=dict(Level.objects.values_list("id", "rank")),
        )


def _rank(index: LadderIndex, level_id: int | None) -> int:
    return index.level_rank.get(level_id or 0, 0)


def appointment_problems(
    appointment: Appointment, index: LadderIndex
) -> list[tuple[str, str, str]]:
    """Return (field, code, message) for each rule across the row's role, grade and dates.

    Rules: the level is the role's level (or, without a role, the grade's); a grade is
    never above the role's level; a board seat only on a board role and matching it;
    a vote only with a board seat; the end is never before the start.
    """
    problems: list[tuple[str, str, str]] = []
    role_id, grade_id, level_id = (
        appointment.role_id,
        appointment.grade_id,
        appointment.level_id,
    )
    if level_id is None:
        problems.append(("level", "required", "A level is required."))
    if role_id is not None:
        if role_id not in index.role_level:
            problems.append(("role", "unknown", "Unknown role."))
        elif level_id is not None and index.role_level[role_id] != level_id:
            problems.append(
                ("level", "level_mismatch", "The level must be the role's level.")
            )
        if (
            grade_id in index.grade_level
            and role_id in index.role_level
            and _rank(index, index.grade_level[grade_id])
            > _rank(index, index.role_level[role_id])
        ):
            problems.append(
                ("grade", "grade_above_role", "The grade is above the role's level.")
            )
    elif grade_id is not None:
        if grade_id not in index.grade_level:
            problems.append(("grade", "unknown", "Unknown grade."))
        elif level_id is not None and index.grade_level[grade_id] != level_id:
            problems.append(
                ("level", "level_mismatch", "The level must be the grade's level.")
            )
    seat = appointment.board_seat
    if seat and seat not in BOARD_SEATS:
        problems.append(("board_seat", "invalid", "Unknown board seat."))
    if seat and role_id is not None and index.role_seat.get(role_id) != seat:
        problems.append(
            (
                "board_seat",
                "seat_mismatch",
                "A board seat must match the role's seat on the board.",
            )
        )
    if appointment.is_voting and not seat:
        problems.append(
            ("is_voting", "vote_without_seat", "Only board members can vote.")
        )
    if appointment.contract_type not in ContractType.values:
        problems.append(("contract_type", "invalid", "Unknown contract type."))
    for field in ("start_precision", "end_precision"):
        if getattr(appointment, field) not in DatePrecision.values:
            problems.append((field, "invalid", "Unknown date precision."))
    if appointment.start_date is None:
        problems.append(("start_date", "required", "A start date is required."))
    elif (
        appointment.end_date is not None
        and appointment.end_date < appointment.start_date
    ):
        problems.append(
            ("end_date", "end_before_start", "The end is before the start.")
        )
    return problems


@cache
def _specialties() -> frozenset[str]:
    return frozenset(c for c, _ in Person._meta.get_field("specialty").choices or [])


def person_problems(person: Person) -> list[tuple[str, str, str]]:
    """Return (field, code, message) for each one-row rule a Person must satisfy."""
    problems: list[tuple[str, str, str]] = []
    if not person.external_ref:
        problems.append(("external_ref", "required", "A reference is required."))
    if not person.full_name:
        problems.append(("full_name", "required", "A name is required."))
    if person.profession_id is None:
        problems.append(("profession", "required", "A profession is required."))
    if person.sex not in ("", *Sex.values):
        problems.append(("sex", "invalid", "Unknown sex."))
    if person.disability not in ("", *Disability.values):
        problems.append(("disability", "invalid", "Unknown disability value."))
    specialties = _specialties()
    if specialties and person.specialty not in specialties:
        problems.append(("specialty", "invalid", "Unknown specialty."))
    year = person.year_of_birth
    if year is not None and not 1900 <= year <= 2100:
        problems.append(("year_of_birth", "implausible", "Implausible year of birth."))
    return problems


def _raise_row_errors(errors: dict[str, list[ValidationError]]) -> None:
    if errors:
        raise ValidationError(errors)


def _row_key(position: int, field: str) -> str:
    return f"row {position}: {field}"


def _batched(items: Iterable[M], size: int) -> Iterator[list[M]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _bulk_insert(model: type[M], objs: Sequence[M], batch_size: int) -> list[M]:
    """Insert rows, with change-history rows when the model keeps history."""
    if getattr(model._meta, "simple_history_manager_attribute", None):
        from simple_history.utils import bulk_create_with_history

        return bulk_create_with_history(
            list(objs), model, batch_size=batch_size, default_change_reason="bulk"
        )
    return model.objects.bulk_create(objs, batch_size=batch_size)


@transaction.atomic
def person_create(
    *,
    external_ref: str,
    full_name: str,
    profession_id: int,
    specialty: str = "",
    sex: str = "",
    ethnic_category: EthnicCategory | None = None,
    disability: str = "",
    year_of_birth: int | None = None,
    user: Any = None,
) -> Person:
    """Create one person after full_clean; raises ValidationError with field codes."""
    person = Person(
        external_ref=external_ref,
        full_name=full_name,
        profession_id=profession_id,
        specialty=specialty,
        sex=sex,
        ethnic_category=ethnic_category,
        disability=disability,
        year_of_birth=year_of_birth,
        user=user,
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def appointment_create(
    *,
    person: Person,
    organisation: Organisation,
    start_date: dt.date,
    role: Role | None = None,
    grade: Grade | None = None,
    level: Level | None = None,
    title: str = "",
    contract_type: str = ContractType.SUBSTANTIVE,
    board_seat: str | None = None,
    is_voting: bool = False,
    start_precision: str = DatePrecision.DAY,
    end_date: dt.date | None = None,
    end_precision: str = DatePrecision.DAY,
) -> Appointment:
    """Add one post to a person's timeline.

    The level defaults to the role's (or grade's) level and the board seat to the role's
    seat, so callers cannot get them out of step; full_clean plus the cross-field rules
    run before the save.
    """
    if level is None:
        level = role.level if role else grade.level if grade else None
    if board_seat is None:
        board_seat = role.board_seat if role else ""
    appointment = Appointment(
        person=person,
        organisation=organisation,
        role=role,
        grade=grade,
        level=level,
        title=title,
        contract_type=contract_type,
        board_seat=board_seat,
        is_voting=is_voting,
        start_date=start_date,
        start_precision=start_precision,
        end_date=end_date,
        end_precision=end_precision,
    )
    errors: dict[str, list[ValidationError]] = {}
    for field, code, message in appointment_problems(appointment, LadderIndex.load()):
        errors.setdefault(field, []).append(ValidationError(message, code=code))
    _raise_row_errors(errors)
    appointment.full_clean()
    appointment.save()
    directory_refresh(person_ids=[person.pk])
    return appointment


def people_bulk_create(
    people: Iterable[Person], *, batch_size: int = DEFAULT_BATCH_SIZE
) -> list[Person]:
    """Validate every unsaved Person, then insert them all (all-or-nothing).

    References must be unique within the rows and new to the database. Returns the
    saved rows with primary keys set, so appointments can point at them.
    """
    rows = list(people)
    errors: dict[str, list[ValidationError]] = {}
    seen: set[str] = set()
    for position, person in enumerate(rows, start=1):
        for field, code, message in person_problems(person):
            errors.setdefault(_row_key(position, field), []).append(
                ValidationError(message, code=code)
            )
        if person.external_ref in seen:
            errors.setdefault(_row_key(position, "external_ref"), []).append(
                ValidationError("Reference repeated in the file.", code="duplicate")
            )
        seen.add(person.external_ref)
    taken: set[str] = set()
    for chunk in _batched(iter(sorted(seen)), 5000):
        taken.update(
            Person.objects.filter(external_ref__in=chunk).values_list(
                "external_ref", flat=True
            )
        )
    for position, person in enumerate(rows, start=1):
        if person.external_ref in taken:
            errors.setdefault(_row_key(position, "external_ref"), []).append(
                ValidationError("Reference already exists.", code="exists")
            )
    _raise_row_errors(errors)
    with transaction.atomic():
        return _bulk_insert(Person, rows, batch_size)


def appointments_bulk_create(
    appointments: Iterable[Appointment],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    index: LadderIndex | None = None,
) -> int:
    """Validate every unsaved Appointment, then insert them all (all-or-nothing).

    Pass `index` when calling repeatedly to skip re-reading the role catalogue.
    Returns the number of rows written.
    """
    index = index or LadderIndex.load()
    rows = list(appointments)
    errors: dict[str, list[ValidationError]] = {}
    for position, appointment in enumerate(rows, start=1):
        if appointment.person_id is None:
            errors.setdefault(_row_key(position, "person"), []).append(
                ValidationError("A saved person is required.", code="required")
            )
        if appointment.organisation_id is None:
            errors.setdefault(_row_key(position, "organisation"), []).append(
                ValidationError("An organisation is required.", code="required")
            )
        for field, code, message in appointment_problems(appointment, index):
            errors.setdefault(_row_key(position, field), []).append(
                ValidationError(message, code=code)
            )
    _raise_row_errors(errors)
    with transaction.atomic():
        _bulk_insert(Appointment, rows, batch_size)
        directory_refresh(person_ids={a.person_id for a in rows})
    return len(rows)


def directory_refresh(*, person_ids: Iterable[int] | None = None) -> int:
    """Bring the leaders' directory (Person.is_leader) in step with the timelines of
    these people, or of everyone.

    Every write to appointments calls this, and `load_reference` calls it for everyone
    in case the ladder or LEADERSHIP_DIRECTORY_MIN_RANK changed. Only flags that
    change are written. Returns how many people joined or left the directory.
    """
    leading = Exists(Appointment.objects.leading().filter(person=OuterRef("pk")))
    if person_ids is None:
        chunks: Iterable[list[int] | None] = [None]
    else:
        chunks = _batched(iter(sorted(set(person_ids))), 5000)
    changed = 0
    with transaction.atomic():
        for chunk in chunks:
            people = Person.objects.all()
            if chunk is not None:
                people = people.filter(pk__in=chunk)
            changed += (
                people.filter(is_leader=False).filter(leading).update(is_leader=True)
            )
            changed += (
                people.filter(is_leader=True).exclude(leading).update(is_leader=False)
            )
    return changed
