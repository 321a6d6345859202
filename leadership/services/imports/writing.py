"""The second pass: write the planned records in one transaction through the people
services, matching existing rows on their stable keys; and the public entry points."""

from __future__ import annotations

from dataclasses import fields
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from leadership.models import (
    Appointment,
    Person,
    Qualification,
    Registration,
)
from leadership.services.imports.checking import (
    _Plan,
    _validate,
)
from leadership.services.imports.parsing import (
    _chunks,
    _parse,
    _rows,
    _shown,
)
from leadership.services.imports.records import (
    CHUNK_SIZE,
    RECORD_TYPES,
    AppointmentRow,
    ImportResult,
    Lookups,
    PersonRow,
    Problem,
    QualificationRow,
    Record,
    RegistrationRow,
    _empty_counts,
    _Unreadable,
)
from leadership.services.people import (
    appointments_bulk_create,
    directory_refresh,
    people_bulk_create,
)

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
    if changed["appointment"]:
        # A changed level or board seat can make or unmake a leader; new posts were
        # already counted by appointments_bulk_create.
        directory_refresh(person_ids={a.person_id for a in changed["appointment"]})


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
