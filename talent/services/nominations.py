"""Self-nomination: a clinician asks to join an entry level; their talent lead decides."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from leadership.models import Appointment, Person
from talent.models import (
    EntryLevel,
    IdentifiedBy,
    Nomination,
    NominationStatus,
    TalentProfile,
)
from talent.models.nominations import STATEMENT_MAX
from talent.services.profiles import (
    current_levels,
    feeder_map,
    talent_profile_create,
)


def _person(user: User) -> Person:
    person = Person.objects.filter(user=user).first()
    if person is None:
        raise ValidationError(
            "Your account is not linked to a career record yet.", code="no_person"
        )
    return person


@transaction.atomic
def nomination_submit(
    *, user: User, entry_level: EntryLevel, statement: str
) -> Nomination:
    """Put the signed-in clinician forward for an entry level at their current employer.

    The entry level must be fed by a level they hold now, they must not already be on
    the programme there, and only one nomination may be open at a time.
    """
    person = _person(user)
    statement = statement.strip()
    errors: dict[str, list[ValidationError]] = {}
    if not statement:
        errors["statement"] = [
            ValidationError(
                "Say why you are putting yourself forward.", code="required"
            )
        ]
    elif len(statement) > STATEMENT_MAX:
        errors["statement"] = [
            ValidationError(
                "Keep the statement to %(max)d characters or fewer.",
                code="max_length",
                params={"max": STATEMENT_MAX},
            )
        ]
    post = (
        Appointment.objects.current()
        .filter(person=person)
        .order_by("-level__rank", "-start_date")
        .first()
    )
    if post is None:
        raise ValidationError(
            "You need a current post on your timeline to nominate yourself.",
            code="no_current_post",
        )
    held = current_levels([person.pk]).get(person.pk, set())
    if not held & feeder_map().get(entry_level.pk, frozenset()):
        errors.setdefault("entry_level", []).append(
            ValidationError(
                "Your current level does not feed this entry level.",
                code="entry_level_not_fed",
            )
        )
    if (
        TalentProfile.objects.live()
        .filter(person=person, organisation=post.organisation)
        .exists()
    ):
        errors.setdefault("entry_level", []).append(
            ValidationError("You are already on the programme.", code="already_on")
        )
    if Nomination.objects.filter(
        person=person, status=NominationStatus.SUBMITTED
    ).exists():
        errors.setdefault("entry_level", []).append(
            ValidationError("You already have a nomination waiting.", code="open")
        )
    if errors:
        raise ValidationError(errors)
    nomination = Nomination(
        person=person,
        organisation=post.organisation,
        entry_level=entry_level,
        statement=statement,
    )
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def nomination_decide(*, nomination: Nomination, by: User, accept: bool) -> Nomination:
    """Accept (creating a self-nominated profile) or decline a waiting nomination."""
    if nomination.status != NominationStatus.SUBMITTED:
        raise ValidationError("This nomination has been decided.", code="decided")
    if (
        not Nomination.objects.visible_to(by)
        .exclude(person__user=by)
        .filter(pk=nomination.pk)
        .exists()
    ):
        raise ValidationError("You cannot decide this nomination.", code="forbidden")
    if accept:
        nomination.profile = talent_profile_create(
            person=nomination.person,
            organisation=nomination.organisation,
            entry_level=nomination.entry_level,
            identified_by=IdentifiedBy.SELF,
            joined_on=dt.date.today(),
            by=by,
        )
    nomination.status = (
        NominationStatus.ACCEPTED if accept else NominationStatus.DECLINED
    )
    nomination.decided_by = by
    nomination.decided_at = timezone.now()
    nomination.save()
    return nomination
