"""DRF permissions shared by the apps' APIs."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import Role
from accounts.scoping import has_role, is_national


class ReadOrNationalAdminWrite(BasePermission):
    """Any signed-in user reads; only a national admin (held at national level) writes."""

    message = "Only national admins can change these records."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        return has_role(user, Role.NATIONAL_ADMIN) and is_national(user)
