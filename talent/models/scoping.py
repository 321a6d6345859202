"""Scoping for the rows that hang off a talent profile: they follow the profile."""

from __future__ import annotations

from typing import Any, Self

from accounts.roles import TALENT_READERS
from accounts.scoping import ScopedQuerySet


def _signed_in(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
    )


class ProfileScopedQuerySet(ScopedQuerySet):
    """Rows visible exactly when their talent profile is (home, placement or owner)."""

    scope_field = "profile__organisation"
    scope_roles = TALENT_READERS
    owner_field = "profile__person__user"

    def visible_to(self, user: Any) -> Self:
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        from talent.models.profiles import TalentProfile

        return self.filter(
            profile__in=TalentProfile.objects.visible_to(user).values("pk")
        )
