"""Sign-in by email, rate limiting, and role permissions derived from memberships."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from conftest import PASSWORD, TRUST_A

pytestmark = pytest.mark.django_db


def test_emails_are_stored_lower_case_and_sign_in_by_email(make_user):
    user = User.objects.create_user(email="Jo.Bloggs@Example.NHS.uk", password=PASSWORD)
    assert user.email == "jo.bloggs@example.nhs.uk"
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username=user.email, password=PASSWORD) == user


def test_repeated_failed_sign_ins_lock_the_account(client, make_user, settings):
    make_user("target@example.nhs.uk")
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "target@example.nhs.uk", "password": "wrong"})
    # Even the right password is refused while locked.
    response = client.post(
        url, {"username": "target@example.nhs.uk", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_failure_then_success_is_not_locked(client, make_user):
    make_user("ok@example.nhs.uk")
    url = reverse("accounts:login")
    client.post(url, {"username": "ok@example.nhs.uk", "password": "wrong"})
    response = client.post(url, {"username": "ok@example.nhs.uk", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("role", "perm", "expected"),
    [
        (Role.TALENT_LEAD, "talent.change_talentprofile", True),
        (Role.TALENT_LEAD, "talent.delete_talentprofile", False),
        (Role.TALENT_LEAD, "careers.change_role", False),
        (Role.CONTENT_EDITOR, "careers.change_role", True),
        (Role.CONTENT_EDITOR, "talent.view_talentprofile", False),
        (Role.NATIONAL_ADMIN, "reports.delete_reportrun", True),
        (Role.BOARD_MEMBER, "reports.view_reportrun", False),
        (Role.CLINICIAN, "talent.view_talentprofile", False),
    ],
)
def test_model_permissions_follow_roles(make_user, role, perm, expected):
    user = make_user(f"{role}@example.nhs.uk", role, TRUST_A)
    assert user.has_perm(perm) is expected


def test_inactive_user_has_no_role_permissions(make_user):
    user = make_user("gone@example.nhs.uk", Role.NATIONAL_ADMIN, "ENG", is_active=False)
    assert not user.has_perm("careers.change_role")
