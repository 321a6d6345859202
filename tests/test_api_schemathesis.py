"""Property-based API tests: schemathesis generates requests from /api/schema/.

For every operation and every role it sends valid and invalid requests through the WSGI
application (no network) against the real database, and asserts that no answer is a
server error and every answer (status, content type, body) is what the schema says. The
budget is small per operation so the whole sweep runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.roles import Role
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation
from leadership.tests.factories import AppointmentFactory, PersonFactory
from talent.tests.factories import (
    CohortFactory,
    DevelopmentActionFactory,
    TalentProfileFactory,
    TalentReviewFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Examples per operation and generation mode, each sent as every role: 31 operations x
# 5 roles x (positive + negative) is about fifteen hundred requests.
MAX_EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROLES = {
    Role.CLINICIAN: TRUST_A,
    Role.TALENT_LEAD: TRUST_A,
    Role.BOARD_MEMBER: TRUST_A,
    Role.CONTENT_EDITOR: TRUST_A,
    Role.NATIONAL_ADMIN: "ENG",
}


@pytest.fixture(scope="module")
def in_test_transaction() -> Iterator[None]:
    """Keep the test's connection open across requests, as Django's test client does:
    the handler's close_old_connections would close it inside the test transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def schema(in_test_transaction, django_db_blocker) -> schemathesis.BaseSchema:
    from config.wsgi import application

    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def world(make_user) -> dict[str, Any]:
    """Records in two trusts, so generated ids and filters meet real rows."""
    a = Organisation.objects.get(ods_code=TRUST_A)
    b = Organisation.objects.get(ods_code=TRUST_B)
    for organisation in (a, b):
        leader = AppointmentFactory(organisation=organisation).person
        AppointmentFactory(
            person=leader, organisation=organisation, start_date=dt.date(2010, 1, 1)
        )
        profile = TalentProfileFactory(organisation=organisation)
        TalentReviewFactory(profile=profile)
        DevelopmentActionFactory(profile=profile, owner=PersonFactory())
        CohortFactory(region=organisation.parent.parent)
    users = {
        role: make_user(f"{role}@example.nhs.uk", role, code)
        for role, code in ROLES.items()
    }
    return {"users": users}


def _failures_for(
    operation: Any, credentials: dict[str, dict[str, str]], mode: GenerationMode
) -> tuple[int, list[str]]:
    """Send each generated case as every role; return the requests sent and each
    distinct failure's report."""
    found: dict[str, str] = {}
    sent = 0

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        nonlocal sent
        for role, headers in credentials.items():
            sent += 1
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except FailureGroup as group:
                for failure in group.exceptions:
                    found.setdefault(
                        f"{role} {operation.label} {failure.title}",
                        f"{role} {operation.label}: {failure.title}\n{group}",
                    )
            except Exception as error:
                key = f"{role} {operation.label} {type(error).__name__}"
                found.setdefault(key, f"{key}: {error!r}")

    # Unsatisfiable: nothing in this operation can be made invalid (negative mode).
    with contextlib.suppress(Unsatisfiable):
        run()
    return sent, list(found.values())


def test_every_operation_answers_as_documented_for_every_role(schema, world):
    credentials = {
        role: {"Authorization": f"Token {Token.objects.create(user=user).key}"}
        for role, user in world["users"].items()
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    sent = 0
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            count, found = _failures_for(operation, credentials, mode)
            sent += count
            failures += found
    assert sent >= len(operations) * len(ROLES) * MAX_EXAMPLES
    assert not failures, "\n\n".join(failures)
