"""Reads for talent profiles, reviews, actions and cohorts, scoped by the caller."""

from __future__ import annotations

from django.db.models import Case, CharField, F, Prefetch, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from accounts.models import User
from talent.models import (
    Cohort,
    CohortMembership,
    DevelopmentAction,
    Nomination,
    TalentProfile,
    TalentReview,
)
from talent.selectors.grid import with_latest_review


def talent_profile_list(*, user: User) -> QuerySet[TalentProfile]:
    """Live profiles the user may read, with what their list shows."""
    return (
        TalentProfile.objects.visible_to(user)
        .live()
        .select_related("person", "organisation", "entry_level", "profession")
        .order_by("person__full_name", "id")
    )


def talent_profile_list_with_review(*, user: User) -> QuerySet[TalentProfile]:
    """The list, each row with its latest review's box, readiness and date."""
    return with_latest_review(
        talent_profile_list(user=user), "nine_box", "readiness", "reviewed_on"
    )


def talent_profile_get(*, user: User, pk: int) -> TalentProfile:
    """One profile the user may read; any other id answers 404."""
    return get_object_or_404(
        talent_profile_list(user=user).select_related(
            "sponsor", "mentor", "target_role", "target_role__level"
        ),
        pk=pk,
    )


def review_list(*, user: User, profile: TalentProfile | None = None) -> QuerySet:
    """Reviews the user may read, newest first; notes a clinician may not see are blanked.

    `visible_notes` is the notes for talent leads, and for the clinician only when the
    notes are not private: templates and serializers read it, never `notes`.
    """
    reviews = TalentReview.objects.visible_to(user)
    if profile is not None:
        reviews = reviews.filter(profile=profile)
    return (
        reviews.select_related("reviewer", "profile__person")
        .annotate(
            visible_notes=Case(
                When(profile__person__user=user, notes_private=True, then=Value("")),
                default=F("notes"),
                output_field=CharField(),
            )
        )
        .defer("notes")
        .latest_first()
    )


def action_list(*, user: User, profile: TalentProfile | None = None) -> QuerySet:
    actions = DevelopmentAction.objects.visible_to(user)
    if profile is not None:
        actions = actions.filter(profile=profile)
    return actions.select_related(
        "owner", "host_organisation", "profile__person", "profile__organisation"
    ).order_by("due_on", "id")


def cohort_list(*, user: User) -> QuerySet[Cohort]:
    return (
        Cohort.objects.visible_to(user)
        .select_related("region", "entry_level")
        .order_by("-year", "name")
    )


def cohort_get(*, user: User, pk: int) -> Cohort:
    return get_object_or_404(cohort_list(user=user), pk=pk)


def cohort_members(*, user: User, cohort: Cohort) -> QuerySet[TalentProfile]:
    """The cohort's profiles this user may see (a trust lead sees only their own)."""
    return talent_profile_list(user=user).filter(
        pk__in=CohortMembership.objects.filter(cohort=cohort).values("profile_id")
    )


def my_profiles(*, user: User) -> QuerySet[TalentProfile]:
    """The signed-in clinician's own live profiles with their plan and shared reviews."""
    return (
        TalentProfile.objects.live()
        .filter(person__user=user)
        .select_related(
            "person",
            "organisation",
            "entry_level",
            "profession",
            "sponsor",
            "mentor",
            "target_role",
        )
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=DevelopmentAction.objects.select_related(
                    "host_organisation", "owner"
                ).order_by("due_on", "id"),
            )
        )
    )


def nomination_list(*, user: User) -> QuerySet[Nomination]:
    return (
        Nomination.objects.visible_to(user)
        .select_related("person", "organisation", "entry_level", "profile")
        .order_by("-created_at", "id")
    )
