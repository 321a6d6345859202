"""The product's roles and which role sees what; one place to read the access policy."""

from django.db import models


class Role(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    TALENT_LEAD = "talent_lead", "Talent lead"
    BOARD_MEMBER = "board_member", "Board member"
    NATIONAL_ADMIN = "national_admin", "National admin"
    CONTENT_EDITOR = "content_editor", "Content editor"


# Roles that may read a given kind of record inside the organisations they belong to.
TALENT_READERS = frozenset({Role.TALENT_LEAD, Role.NATIONAL_ADMIN})
BOARD_READERS = frozenset({Role.BOARD_MEMBER, Role.TALENT_LEAD, Role.NATIONAL_ADMIN})
# Roles that may see personal demographics (sex, ethnicity, disability, year of birth).
SENSITIVE_DATA_READERS = frozenset({Role.TALENT_LEAD, Role.NATIONAL_ADMIN})
CONTENT_WRITERS = frozenset({Role.CONTENT_EDITOR, Role.NATIONAL_ADMIN})
ALL_ROLES = frozenset(Role)

# Model permissions each role holds, as "app_label.action_model" with "*" wildcards; read by
# accounts.backends.RolePermissionBackend. Which rows they apply to is the scoping's job.
OUR_APPS = ("regulation", "careers", "leadership", "talent", "reports")
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CLINICIAN: frozenset(),
    Role.BOARD_MEMBER: frozenset(),
    Role.TALENT_LEAD: frozenset(
        {
            "talent.view_*",
            "talent.add_*",
            "talent.change_*",
            "leadership.view_*",
            "reports.view_*",
        }
    ),
    Role.CONTENT_EDITOR: frozenset(
        {"careers.*", "regulation.*", "leadership.view_organisation"}
    ),
    Role.NATIONAL_ADMIN: frozenset(
        {f"{app}.*" for app in OUR_APPS}
        | {"accounts.view_user", "accounts.*_membership"}
    ),
}
# Roles that may open the Django admin (always limited to their permissions and scope).
ADMIN_ROLES = frozenset({Role.TALENT_LEAD, Role.CONTENT_EDITOR, Role.NATIONAL_ADMIN})
