"""Fixtures shared by every app's tests: reference data, organisations, users by role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from accounts.models import Membership, User
from accounts.roles import Role
from leadership.models import Organisation

pytest_plugins = ["tests.celery_fixtures"]

PASSWORD = "correct-horse-battery-staple"


def load_reference_data() -> None:
    for dotted in settings.REFERENCE_LOADERS:
        import_string(dotted)()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database (idempotent under --reuse-db)."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(transactional_db) -> None:
    """Reload reference data for transactional tests, which flush the database."""
    load_reference_data()


@pytest.fixture
def org(db) -> Callable[[str], Organisation]:
    """Return a loaded organisation by ODS code."""

    def get(code: str) -> Organisation:
        return Organisation.objects.get(ods_code=code)

    return get


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    """Create a user holding `role` at each organisation code given."""

    def make(email: str, role: str | None = None, *codes: str, **extra) -> User:
        user = User.objects.create_user(email=email, password=PASSWORD, **extra)
        for code in codes:
            Membership.objects.create(
                user=user,
                role=role,
                organisation=Organisation.objects.get(ods_code=code),
            )
        return user

    return make


# Two acute trusts in different regions: Manchester (North West) and Guy's (London).
TRUST_A = "R0A"
TRUST_B = "RJ1"


@pytest.fixture
def talent_lead_a(make_user) -> User:
    return make_user("lead.a@example.nhs.uk", Role.TALENT_LEAD, TRUST_A)


@pytest.fixture
def talent_lead_b(make_user) -> User:
    return make_user("lead.b@example.nhs.uk", Role.TALENT_LEAD, TRUST_B)


@pytest.fixture
def national_admin(make_user) -> User:
    return make_user("admin@example.nhs.uk", Role.NATIONAL_ADMIN, "ENG", is_staff=True)
