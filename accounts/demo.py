"""Demo sign-ins: one user per role, at a real trust or at the nation.

Local demo data only: the password is shared and documented (DEMO_PASSWORD, default
below). Memberships cover everything beneath their organisation by path prefix, so the
national admin and content editor at "ENG" see every English body.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership, User
from accounts.roles import Role
from leadership.models import Organisation

DEFAULT_PASSWORD = "demo-password-2026"  # noqa: S105 - documented local demo password
DEMO_DOMAIN = "demo.nhs.uk"
DEMO_URL = "http://127.0.0.1:8000"
NATION = "ENG"


@dataclass(frozen=True)
class DemoUser:
    key: str
    email: str
    full_name: str
    role: str | None  # None: superuser without a membership
    at_nation: bool = False
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("clinician", "clinician@demo.nhs.uk", "Alex Morgan", Role.CLINICIAN),
    DemoUser("talent_lead", "talent.lead@demo.nhs.uk", "Sam Patel", Role.TALENT_LEAD),
    DemoUser(
        "board_member", "board.member@demo.nhs.uk", "Jo Okafor", Role.BOARD_MEMBER
    ),
    DemoUser(
        "national_admin",
        "national.admin@demo.nhs.uk",
        "Chris Walker",
        Role.NATIONAL_ADMIN,
        at_nation=True,
        is_staff=True,
    ),
    DemoUser(
        "content_editor",
        "content.editor@demo.nhs.uk",
        "Ruth Evans",
        Role.CONTENT_EDITOR,
        at_nation=True,
    ),
    DemoUser(
        "admin",
        "admin@demo.nhs.uk",
        "Demo Admin",
        None,
        is_staff=True,
        is_superuser=True,
    ),
)


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


@transaction.atomic
def demo_users_ensure(*, trust: Organisation) -> dict[str, User]:
    """Create or refresh every demo user, their password and their one membership.

    Re-runnable: existing demo users get the current password and flags, and any other
    membership they picked up is replaced, so the logins always match demo_logins.
    """
    nation = Organisation.objects.get(ods_code=NATION)
    password = demo_password()
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec.email).first() or User(email=spec.email)
        user.full_name = spec.full_name
        user.is_staff = spec.is_staff
        user.is_superuser = spec.is_superuser
        user.is_active = True
        user.set_password(password)
        user.save()
        Membership.objects.filter(user=user).delete()
        if spec.role:
            Membership.objects.create(
                user=user,
                organisation=nation if spec.at_nation else trust,
                role=spec.role,
            )
        users[spec.key] = user
    return users


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str


def demo_logins() -> list[DemoLogin]:
    """The demo users as they are in the database (empty before seed_demo has run)."""
    logins: list[DemoLogin] = []
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            continue
        memberships = list(user.memberships.select_related("organisation"))
        if not memberships:
            label = "Superuser" if user.is_superuser else "(no membership)"
            logins.append(DemoLogin(user.email, label, "everything"))
        for m in memberships:
            org = f"{m.organisation.name} ({m.organisation.ods_code})"
            logins.append(DemoLogin(user.email, m.get_role_display(), org))
    return logins
