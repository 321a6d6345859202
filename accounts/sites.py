"""The admin site: open to users whose roles need it, not only to is_staff accounts."""

from django.contrib import admin
from django.http import HttpRequest

from accounts.roles import ADMIN_ROLES
from accounts.scoping import has_role


class RoleAdminSite(admin.AdminSite):
    site_header = "Clinical Leadership Pathways administration"
    site_title = "Clinical Leadership Pathways admin"
    index_title = "Administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_staff or has_role(user, *ADMIN_ROLES)))
