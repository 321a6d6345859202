"""The one scoping mechanism: what may this user see?

Every organisation carries a materialised path ("/ENG/Y56/QMJ/RAL/"), so a membership at
an organisation covers that organisation and every body beneath it with one prefix test.
Models whose rows belong to an organisation use ScopedQuerySet; pages, the API and the
admin all start from `Model.objects.visible_to(user)`, so a row outside the user's
memberships is simply not found (404), never forbidden (403).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.db import models
from django.db.models import Q

from accounts.roles import Role

if TYPE_CHECKING:
    from accounts.models import User

_CACHE_ATTR = "_membership_paths_cache"


def membership_paths(user: Any) -> dict[str, tuple[str, ...]]:
    """Return {role: organisation paths} for the user, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from accounts.models import Membership

    paths: dict[str, list[str]] = {}
    rows = Membership.objects.filter(user=user).values_list(
        "role", "organisation__path"
    )
    for role, path in rows:
        paths.setdefault(role, []).append(path)
    result = {role: tuple(sorted(set(p))) for role, p in paths.items()}
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships, after a membership of this user object changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_roles(user: Any) -> frozenset[str]:
    """Return every role the user holds anywhere."""
    return frozenset(membership_paths(user))


def has_role(user: Any, *roles: str) -> bool:
    """True when the user holds any of the roles somewhere (superusers hold all)."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(user_roles(user) & set(roles))


def is_national(user: Any, roles: Iterable[str] = (Role.NATIONAL_ADMIN,)) -> bool:
    """True when one of the user's memberships in these roles sits at a nation or above."""
    if getattr(user, "is_superuser", False):
        return True
    paths = membership_paths(user)
    return any(p.count("/") <= 2 for r in roles for p in paths.get(r, ()))


def scope_paths(user: Any, roles: Iterable[str]) -> tuple[str, ...]:
    """Return the organisation paths the user's memberships in these roles cover."""
    paths = membership_paths(user)
    covered: set[str] = set()
    for role in roles:
        covered.update(paths.get(role, ()))
    # A path inside another covered path adds nothing.
    return tuple(
        p
        for p in sorted(covered)
        if not any(p != q and p.startswith(q) for q in covered)
    )


def organisation_q(user: Any, field: str, roles: Iterable[str]) -> Q:
    """Q for rows whose organisation (reached by `field`) lies under the user's memberships."""
    if getattr(user, "is_superuser", False):
        return Q()
    prefix = f"{field}__path__startswith" if field else "path__startswith"
    q = Q(pk__in=[])
    for path in scope_paths(user, roles):
        q |= Q(**{prefix: path})
    return q


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which organisation owns each row and who may read it.

    Subclasses set `scope_field` (the lookup path to an Organisation), `scope_roles`
    (roles that read rows of the organisations they belong to) and, optionally,
    `owner_field` (the lookup path to a User who always sees their own rows). The paths
    must run through foreign keys only, so filtering never repeats a row.
    """

    scope_field: ClassVar[str] = "organisation"
    scope_roles: ClassVar[frozenset[str]] = frozenset()
    owner_field: ClassVar[str | None] = None

    def visible_to(self, user: User | Any) -> Self:
        """Return only the rows this user may read."""
        if not getattr(user, "is_authenticated", False) or not getattr(
            user, "is_active", False
        ):
            return self.none()
        if user.is_superuser:
            return self.all()
        q = organisation_q(user, self.scope_field, self.scope_roles)
        if self.owner_field:
            q |= Q(**{self.owner_field: user})
        return self.filter(q)
