"""Writes for the talent programme: profiles one at a time or in bulk.

A profile's entry level must be one that the person's current level feeds
(EntryLevel.feeder_levels), so the programme's entry points stay meaningful however the
profile arrives: a form, the API, a CSV import or the demo seeder.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import TALENT_READERS
from accounts.roles import Role as AccessRole
from accounts.scoping import has_role, is_national, organisation_q
from careers.models import Role
from leadership.models import Appointment, Organisation, Person
from talent.models import EntryLevel, IdentifiedBy, ProfileStatus, TalentProfile

DEFAULT_BATCH_SIZE = 2000


def feeder_map() -> dict[int, frozenset[int]]:
    """Map entry level id -> the level ids that feed it."""
    feeders: dict[int, set[int]] = defaultdict(set)
    for entry_id, level_id in EntryLevel.feeder_levels.through.objects.values_list(
        "entrylevel_id", "level_id"
    ):
        feeders[entry_id].add(level_id)
    return {k: frozenset(v) for k, v in feeders.items()}


def current_levels(
    person_ids: Iterable[int], on: dt.date | None = None
) -> dict[int, set[int]]:
    """Return person id -> level ids of the posts they hold on a date (default today)."""
    levels: dict[int, set[int]] = defaultdict(set)
    ids = list(person_ids)
    for start in range(0, len(ids), 5000):
        rows = (
            Appointment.objects.current(on)
            .filter(person_id__in=ids[start : start + 5000])
            .values_list("person_id", "level_id")
        )
        for person_id, level_id in rows:
            levels[person_id].add(level_id)
    return levels


def profile_problems(
    profile: TalentProfile,
    feeders: dict[int, frozenset[int]],
    held_levels: set[int] | None,
) -> list[tuple[str, str, str]]:
    """Return (field, code, message) for each rule a profile breaks.

    A person with no current post may join at any entry level (returners, people
    between posts); otherwise one of their current levels must feed the entry level.
    """
    problems: list[tuple[str, str, str]] = []
    if profile.identified_by not in IdentifiedBy.values:
        problems.append(("identified_by", "invalid", "Unknown way of identifying."))
    if profile.status not in ProfileStatus.values:
        problems.append(("status", "invalid", "Unknown status."))
    if profile.entry_level_id not in feeders and profile.entry_level_id is not None:
        feeders = {**feeders, profile.entry_level_id: frozenset()}
    if profile.entry_level_id is None:
        problems.append(("entry_level", "required", "An entry level is required."))
    elif held_levels and not held_levels & feeders[profile.entry_level_id]:
        problems.append(
            (
                "entry_level",
                "entry_level_not_fed",
                "The person's current level does not feed this entry level.",
            )
        )
    person_id = profile.person_id
    if person_id is not None and person_id in (profile.sponsor_id, profile.mentor_id):
        problems.append(
            ("sponsor", "self_sponsor", "Nobody can sponsor or mentor themselves.")
        )
    horizon = profile.target_horizon_years
    if horizon is not None and horizon > 20:
        problems.append(
            ("target_horizon_years", "implausible", "At most 20 years ahead.")
        )
    return problems


def _errors(
    problems: list[tuple[str, str, str]], prefix: str = ""
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    for field, code, message in problems:
        errors.setdefault(f"{prefix}{field}", []).append(
            ValidationError(message, code=code)
        )
    return errors


@transaction.atomic
def talent_profile_create(
    *,
    person: Person,
    organisation: Organisation,
    entry_level: EntryLevel,
    identified_by: str,
    joined_on: dt.date,
    status: str = ProfileStatus.ACTIVE,
    sponsor: Person | None = None,
    mentor: Person | None = None,
    target_role: Role | None = None,
    target_horizon_years: int | None = None,
    willing_to_move_organisation: bool = False,
    willing_to_move_region: bool = False,
    by: User | None = None,
) -> TalentProfile:
    """Add a person to the programme at their home organisation (full_clean first)."""
    profile = TalentProfile(
        person=person,
        organisation=organisation,
        entry_level=entry_level,
        profession_id=person.profession_id,
        identified_by=identified_by,
        status=status,
        sponsor=sponsor,
        mentor=mentor,
        target_role=target_role,
        target_horizon_years=target_horizon_years,
        willing_to_move_organisation=willing_to_move_organisation,
        willing_to_move_region=willing_to_move_region,
        joined_on=joined_on,
    )
    return _save(profile, by)


def _batched(items: list[TalentProfile], size: int) -> Iterator[list[TalentProfile]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def talent_profiles_bulk_create(
    profiles: Iterable[TalentProfile],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    held_levels: dict[int, set[int]] | None = None,
) -> int:
    """Validate every unsaved profile, then insert them all (all-or-nothing).

    `held_levels` (person id -> current level ids) saves a query when the caller just
    wrote the appointments; otherwise it is read from the database. Returns the count.
    """
    rows = list(profiles)
    feeders = feeder_map()
    if held_levels is None:
        held_levels = current_levels({p.person_id for p in rows})
    errors: dict[str, list[ValidationError]] = {}
    seen: set[tuple[int, int]] = set()
    for position, profile in enumerate(rows, start=1):
        problems = profile_problems(
            profile, feeders, held_levels.get(profile.person_id)
        )
        key = (profile.person_id, profile.organisation_id)
        if key in seen:
            problems.append(
                ("person", "duplicate", "One live profile per person and organisation.")
            )
        seen.add(key)
        errors.update(_errors(problems, prefix=f"row {position}: "))
    person_ids = sorted({p.person_id for p in rows})
    for start in range(0, len(person_ids), 5000):
        existing = TalentProfile.objects.live().filter(
            person_id__in=person_ids[start : start + 5000]
        )
        clashes = seen & set(existing.values_list("person_id", "organisation_id"))
        if clashes:
            errors.setdefault("person", []).append(
                ValidationError(
                    f"{len(clashes)} people in the rows already have a live profile.",
                    code="exists",
                )
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        TalentProfile.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


# Fields a talent lead may change on an existing profile (person and home stay fixed).
EDITABLE_FIELDS = frozenset(
    {
        "status",
        "identified_by",
        "sponsor",
        "mentor",
        "target_role",
        "target_horizon_years",
        "willing_to_move_organisation",
        "willing_to_move_region",
    }
)


def _save(
    profile: TalentProfile, by: User | None, *, check_entry: bool = True
) -> TalentProfile:
    """Validate and save; the feeder rule applies when the entry level is chosen, not
    to later edits (a person promoted since joining keeps their profile editable)."""
    held = current_levels([profile.person_id]).get(profile.person_id)
    problems = profile_problems(profile, feeder_map(), held)
    if not check_entry:
        problems = [p for p in problems if p[1] != "entry_level_not_fed"]
    errors = _errors(problems)
    if errors:
        raise ValidationError(errors)
    profile.full_clean()
    if by is not None:
        profile._history_user = by  # type: ignore[attr-defined]
    profile.save()
    return profile


@transaction.atomic
def talent_profile_save(
    *, profile: TalentProfile, by: User | None = None, entry_changed: bool = True
) -> TalentProfile:
    """Validate and save a profile built elsewhere (the admin form): the same rules as
    create and update, the feeder rule only when the entry level was chosen."""
    return _save(profile, by, check_entry=entry_changed)


@transaction.atomic
def talent_profile_update(
    *, profile: TalentProfile, by: User | None = None, **changes: object
) -> TalentProfile:
    """Change a profile's editable fields; the history row records who and what."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            {
                f: ValidationError("This field cannot be changed.", code="read_only")
                for f in sorted(unknown)
            }
        )
    for name, value in changes.items():
        setattr(profile, name, value)
    return _save(profile, by, check_entry=False)


@transaction.atomic
def talent_profile_progress(
    *, profile: TalentProfile, by: User | None = None, to: EntryLevel | None = None
) -> TalentProfile:
    """Move a profile up to the next entry level (or a named higher one).

    The person's current post must feed the new entry level, as on joining; going
    down or sideways is not progression.
    """
    current = profile.entry_level
    target = to or current.next_level()
    if target is None:
        raise ValidationError(
            {
                "entry_level": ValidationError(
                    "This profile is already at the highest entry level.",
                    code="top_level",
                )
            }
        )
    if target.order <= current.order:
        raise ValidationError(
            {
                "entry_level": ValidationError(
                    "Progression moves to a higher entry level.", code="not_higher"
                )
            }
        )
    profile.entry_level = target
    return _save(profile, by)


def _may_delete(user: User, profile: TalentProfile) -> bool:
    """Only the home organisation's talent readers; a placement host may not."""
    return TalentProfile.objects.filter(
        organisation_q(user, "organisation", TALENT_READERS), pk=profile.pk
    ).exists()


@transaction.atomic
def talent_profile_delete(*, profile: TalentProfile, by: User) -> TalentProfile:
    """Soft-delete a profile (a talent lead in scope or a national admin); undoable."""
    if not has_role(by, AccessRole.TALENT_LEAD, AccessRole.NATIONAL_ADMIN) or not (
        _may_delete(by, profile)
    ):
        raise PermissionDenied("You cannot delete this profile.")
    if profile.deleted_at is not None:
        return profile
    profile.deleted_at = timezone.now()
    profile._history_user = by  # type: ignore[attr-defined]
    profile.save(update_fields=["deleted_at", "updated_at"])
    return profile


@transaction.atomic
def talent_profile_restore(*, profile: TalentProfile, by: User) -> TalentProfile:
    """Undo a soft delete; only national admins may, and only if no live twin exists."""
    if not (has_role(by, AccessRole.NATIONAL_ADMIN) and is_national(by)):
        raise PermissionDenied("Only national admins can restore a profile.")
    if profile.deleted_at is None:
        return profile
    twin = TalentProfile.objects.live().filter(
        person_id=profile.person_id, organisation_id=profile.organisation_id
    )
    if twin.exclude(pk=profile.pk).exists():
        raise ValidationError(
            "The person already has a live profile at this organisation.",
            code="exists",
        )
    profile.deleted_at = None
    profile._history_user = by  # type: ignore[attr-defined]
    profile.save(update_fields=["deleted_at", "updated_at"])
    return profile
