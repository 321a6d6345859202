"""Django's admin app with our role-aware site as the default `admin.site`."""

from django.contrib.admin.apps import AdminConfig


class RoleAdminConfig(AdminConfig):
    default_site = "accounts.sites.RoleAdminSite"
