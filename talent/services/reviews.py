"""Recording a talent review: one form, every rule checked in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.roles import Role
from talent.models import LeadershipDimension, Readiness, TalentProfile, TalentReview
from talent.models.cohorts import ancestor_paths


def eligible_reviewers(profile: TalentProfile) -> QuerySet[User]:
    """Users who may review this profile: a talent lead covering its home organisation
    (at the trust or any body above it), or the profile's sponsor."""
    path = profile.organisation.path
    q = Q(
        memberships__role=Role.TALENT_LEAD,
        memberships__organisation__path__in=[path, *ancestor_paths(path)],
    )
    if profile.sponsor_id:
        q |= Q(person__pk=profile.sponsor_id)
    return User.objects.filter(q, is_active=True).distinct()


def _dimensions(
    field: str, codes: Sequence[str]
) -> tuple[list[str], list[ValidationError]]:
    valid = set(LeadershipDimension.values)
    bad = [c for c in codes if c not in valid]
    errors = [
        ValidationError(
            "%(code)s is not a Healthcare Leadership Model dimension.",
            code="unknown_dimension",
            params={"code": c},
        )
        for c in bad
    ]
    ordered = [c for c in LeadershipDimension.values if c in set(codes)]
    return ordered, errors


@transaction.atomic
def talent_review_record(
    *,
    profile: TalentProfile,
    reviewer: User,
    reviewed_on: dt.date,
    performance: int,
    potential: int,
    readiness: str,
    strengths: Sequence[str] = (),
    development_needs: Sequence[str] = (),
    notes: str = "",
    notes_private: bool = True,
    shared_with_clinician: bool = False,
    by: User | None = None,
) -> TalentReview:
    """Record a dated review; earlier reviews stay, so movement on the grid shows.

    Raises ValidationError (with codes) for scores outside 1-3, an unknown readiness or
    dimension, a date in the future or before the profile joined, or a reviewer who is
    neither a talent lead of the profile's organisation nor its sponsor.
    """
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    for field, value in (("performance", performance), ("potential", potential)):
        if not isinstance(value, int) or not 1 <= value <= 3:
            add(field, "Give a score from 1 to 3.", "out_of_range")
    if readiness not in Readiness.values:
        add("readiness", "Choose how ready the person is.", "invalid_choice")
    if reviewed_on > dt.date.today():
        add("reviewed_on", "The review date cannot be in the future.", "future")
    elif reviewed_on < profile.joined_on:
        add(
            "reviewed_on",
            "The review date cannot be before the person joined the programme.",
            "before_joining",
        )
    strengths_ok, bad = _dimensions("strengths", strengths)
    if bad:
        errors["strengths"] = bad
    needs_ok, bad = _dimensions("development_needs", development_needs)
    if bad:
        errors["development_needs"] = bad
    if profile.deleted_at is not None:
        add("profile", "This profile has been deleted.", "deleted")
    if not eligible_reviewers(profile).filter(pk=reviewer.pk).exists():
        add(
            "reviewer",
            "The reviewer must be a talent lead of the person's organisation or "
            "their sponsor.",
            "reviewer_not_allowed",
        )
    if errors:
        raise ValidationError(errors)
    review = TalentReview(
        profile=profile,
        reviewer=reviewer,
        reviewed_on=reviewed_on,
        performance=performance,
        potential=potential,
        readiness=readiness,
        strengths=strengths_ok,
        development_needs=needs_ok,
        notes=notes,
        notes_private=notes_private,
        shared_with_clinician=shared_with_clinician,
    )
    review.full_clean()
    review._history_user = by or reviewer  # type: ignore[attr-defined]
    review.save()
    return review
