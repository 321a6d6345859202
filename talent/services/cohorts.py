"""Cohorts: create an intake and bulk-add profiles to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from leadership.models import Organisation
from talent.models import Cohort, CohortMembership, EntryLevel, TalentProfile


@transaction.atomic
def cohort_create(
    *,
    name: str,
    programme: str,
    region: Organisation,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    entry_level: EntryLevel | None = None,
) -> Cohort:
    """Create an intake (programme, region, year are unique together)."""
    cohort = Cohort(
        name=name,
        programme=programme,
        region=region,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        entry_level=entry_level,
    )
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def cohort_add_profiles(
    *,
    cohort: Cohort,
    profiles: Iterable[TalentProfile],
    by: User,
    added_on: dt.date | None = None,
) -> int:
    """Add the profiles the user may see to a cohort they may see; returns how many
    were new. All-or-nothing: one profile out of scope or deleted refuses the lot."""
    if not Cohort.objects.visible_to(by).filter(pk=cohort.pk).exists():
        raise ValidationError("You cannot add people to this cohort.", code="forbidden")
    ids = {p.pk for p in profiles}
    if not ids:
        raise ValidationError("Choose at least one person.", code="required")
    allowed = set(
        TalentProfile.objects.visible_to(by)
        .live()
        .filter(pk__in=ids)
        .exclude(person__user=by)
        .values_list("pk", flat=True)
    )
    if ids - allowed:
        raise ValidationError(
            "%(n)d of the chosen profiles cannot be added.",
            code="not_visible",
            params={"n": len(ids - allowed)},
        )
    existing = set(
        CohortMembership.objects.filter(cohort=cohort, profile_id__in=ids).values_list(
            "profile_id", flat=True
        )
    )
    day = added_on or dt.date.today()
    rows = [
        CohortMembership(cohort=cohort, profile_id=pk, added_on=day, added_by=by)
        for pk in sorted(ids - existing)
    ]
    CohortMembership.objects.bulk_create(rows)
    return len(rows)
