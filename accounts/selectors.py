"""Reads about users and their memberships."""

from django.db.models import QuerySet

from accounts.models import Membership, User


def membership_list(*, user: User) -> QuerySet[Membership]:
    """Return the user's memberships with their organisations, for display."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
