"""The first pass: validate every row, chunk by chunk, against the database and the rows
before it, and plan what the second pass will write."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from leadership.models import (
    Person,
    Registration,
)
from leadership.services.imports.parsing import (
    _Cells,
    _chunks,
    _parse,
    _rows,
    _shown,
)
from leadership.services.imports.records import (
    RECORD_TYPES,
    AppointmentRow,
    ImportResult,
    Lookups,
    QualificationRow,
    RegistrationRow,
    _Unreadable,
)

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
