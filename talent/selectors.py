"""Reads for talent profiles, scoped by the caller's memberships."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from talent.models import TalentProfile


def talent_profile_list(*, user: User) -> QuerySet[TalentProfile]:
    """Live profiles the user may read, with what their list shows."""
    return (
        TalentProfile.objects.visible_to(user)
        .live()
        .select_related("person", "organisation", "entry_level", "profession")
        .order_by("person__full_name", "id")
    )


def talent_profile_get(*, user: User, pk: int) -> TalentProfile:
    """One profile the user may read; any other id answers 404."""
    return get_object_or_404(
        talent_profile_list(user=user).select_related(
            "sponsor", "mentor", "target_role", "target_role__level"
        ),
        pk=pk,
    )
