"""Model permissions that follow from a user's roles, so no group needs keeping in step."""

from fnmatch import fnmatchcase
from typing import Any

from django.contrib.auth.backends import BaseBackend

from accounts.roles import ROLE_PERMISSIONS
from accounts.scoping import user_roles


def _patterns(user: Any) -> frozenset[str]:
    if not getattr(user, "is_active", False):
        return frozenset()
    patterns: set[str] = set()
    for role in user_roles(user):
        patterns |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(patterns)


class RolePermissionBackend(BaseBackend):
    """Grant model permissions by role (never authenticates; ModelBackend does that)."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return any(fnmatchcase(perm, pattern) for pattern in _patterns(user_obj))

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(p.split(".", 1)[0] == app_label for p in _patterns(user_obj))
