"""One scoping mechanism: memberships cover their organisation and everything beneath."""

import pytest

from accounts.roles import Role
from accounts.scoping import has_role, is_national, organisation_q, scope_paths
from leadership.models import Organisation

pytestmark = pytest.mark.django_db


def test_membership_at_a_region_covers_its_trusts(make_user):
    user = make_user("r@example.nhs.uk", Role.TALENT_LEAD, "Y62")
    visible = Organisation.objects.filter(organisation_q(user, "", [Role.TALENT_LEAD]))
    codes = set(visible.values_list("ods_code", flat=True))
    assert "R0A" in codes and "QOP" in codes and "Y62" in codes
    assert "RJ1" not in codes


def test_roles_not_asked_for_grant_nothing(make_user):
    user = make_user("b@example.nhs.uk", Role.BOARD_MEMBER, "R0A")
    assert not Organisation.objects.filter(
        organisation_q(user, "", [Role.TALENT_LEAD])
    ).exists()


def test_nested_memberships_collapse_to_the_widest(make_user):
    user = make_user("n@example.nhs.uk", Role.TALENT_LEAD, "Y62", "R0A", "RJ1")
    assert scope_paths(user, [Role.TALENT_LEAD]) == ("/ENG/Y56/QKK/RJ1/", "/ENG/Y62/")


def test_national_admin_is_national_and_trust_lead_is_not(
    national_admin, talent_lead_a
):
    assert is_national(national_admin)
    assert not is_national(talent_lead_a)
    assert has_role(talent_lead_a, Role.TALENT_LEAD)
    assert not has_role(talent_lead_a, Role.NATIONAL_ADMIN)


def test_memberships_are_read_once_per_user(talent_lead_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        scope_paths(talent_lead_a, [Role.TALENT_LEAD])
        scope_paths(talent_lead_a, [Role.TALENT_LEAD])
        has_role(talent_lead_a, Role.CLINICIAN)
