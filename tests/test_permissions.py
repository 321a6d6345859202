"""Organisation scoping through every door: pages, API and admin answer 404 across orgs.

Trust A is Manchester (R0A, North West); trust B is Guy's and St Thomas' (RJ1, London).
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation
from reports.models import ReportRun
from talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles():
    a = TalentProfileFactory(organisation=Organisation.objects.get(ods_code=TRUST_A))
    b = TalentProfileFactory(organisation=Organisation.objects.get(ods_code=TRUST_B))
    return a, b


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- pages ---------------------------------------------------------------------------


def test_talent_lead_opens_own_profile_page_and_gets_404_for_other_org(
    client, talent_lead_a, profiles
):
    a, b = profiles
    client.force_login(talent_lead_a)
    assert client.get(reverse("talent:profile-detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("talent:profile-detail", args=[b.pk])).status_code == 404
    assert (
        client.get(reverse("talent:profile-detail", args=[999999])).status_code == 404
    )


def test_talent_list_page_shows_only_own_org_even_when_filtering_for_other(
    client, talent_lead_a, profiles
):
    a, _b = profiles
    client.force_login(talent_lead_a)
    response = client.get(reverse("talent:profile-list"), {"organisation": TRUST_B})
    assert list(response.context["page_obj"]) == []
    response = client.get(reverse("talent:profile-list"))
    assert list(response.context["page_obj"]) == [a]


def test_region_talent_lead_sees_trusts_beneath_the_region(client, make_user, profiles):
    a, b = profiles
    regional = make_user("region@example.nhs.uk", Role.TALENT_LEAD, "Y62")
    client.force_login(regional)
    assert client.get(reverse("talent:profile-detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("talent:profile-detail", args=[b.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.CONTENT_EDITOR])
def test_roles_without_talent_access_see_no_profiles_of_their_own_org(
    client, make_user, profiles, role
):
    a, _ = profiles
    user = make_user(f"{role}@example.nhs.uk", role, TRUST_A)
    client.force_login(user)
    assert client.get(reverse("talent:profile-detail", args=[a.pk])).status_code == 404


def test_clinician_sees_own_profile_only(client, make_user, profiles):
    a, _b = profiles
    clinician = make_user("me@example.nhs.uk", Role.CLINICIAN, TRUST_A)
    a.person.user = clinician
    a.person.save(update_fields=["user"])
    other_same_org = TalentProfileFactory()
    client.force_login(clinician)
    assert client.get(reverse("talent:profile-detail", args=[a.pk])).status_code == 200
    assert (
        client.get(
            reverse("talent:profile-detail", args=[other_same_org.pk])
        ).status_code
        == 404
    )


def test_national_admin_sees_both(client, national_admin, profiles):

    client.force_login(national_admin)
    for p in profiles:
        assert (
            client.get(reverse("talent:profile-detail", args=[p.pk])).status_code == 200
        )


def test_soft_deleted_profile_answers_404(client, talent_lead_a, profiles):
    from django.utils import timezone

    a, _ = profiles
    a.deleted_at = timezone.now()
    a.save()
    client.force_login(talent_lead_a)
    assert client.get(reverse("talent:profile-detail", args=[a.pk])).status_code == 404


# --- API -----------------------------------------------------------------------------


def test_api_detail_404_for_other_org_with_the_one_error_shape(talent_lead_a, profiles):
    a, b = profiles
    api = api_for(talent_lead_a)
    assert api.get(f"/api/talent/profiles/{a.pk}/").status_code == 200
    response = api.get(f"/api/talent/profiles/{b.pk}/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "status": 404,
            "code": "not_found",
            "message": "Not found.",
            "fields": {},
        }
    }


def test_api_list_ignores_filter_tampering(talent_lead_a, profiles):
    a, _ = profiles
    api = api_for(talent_lead_a)
    body = api.get("/api/talent/profiles/", {"organisation": TRUST_B}).json()
    assert body["count"] == 0
    body = api.get("/api/talent/profiles/").json()
    assert [r["id"] for r in body["results"]] == [a.pk]


def test_api_requires_authentication():
    response = APIClient().get("/api/talent/profiles/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_api_report_run_for_other_org_scope_is_refused_like_an_unknown_code(
    make_user,
):
    board_a = make_user("board.a@example.nhs.uk", Role.BOARD_MEMBER, TRUST_A)
    api = api_for(board_a)
    response = api.post(
        "/api/reports/runs/", {"kind": "workforce-summary", "organisation": TRUST_B}
    )
    assert response.status_code == 400
    unknown = api.post(
        "/api/reports/runs/", {"kind": "workforce-summary", "organisation": "NOPE"}
    )
    assert response.json()["error"]["fields"]["organisation"][0]["message"].startswith(
        "Object with ods_code="
    )
    assert (
        unknown.json()["error"]["fields"]["organisation"][0]["code"] == "does_not_exist"
    )
    assert not ReportRun.objects.exists()


def test_api_report_run_of_other_org_answers_404(make_user):
    board_a = make_user("board.a@example.nhs.uk", Role.BOARD_MEMBER, TRUST_A)
    board_b = make_user("board.b@example.nhs.uk", Role.BOARD_MEMBER, TRUST_B)
    created = api_for(board_b).post(
        "/api/reports/runs/", {"kind": "workforce-summary", "organisation": TRUST_B}
    )
    assert created.status_code == 202
    run_id = created.json()["id"]
    assert api_for(board_b).get(f"/api/reports/runs/{run_id}/").status_code == 200
    assert api_for(board_a).get(f"/api/reports/runs/{run_id}/").status_code == 404


# --- admin ---------------------------------------------------------------------------


def test_admin_change_page_404_for_other_org_and_list_scoped(
    client, talent_lead_a, profiles
):
    a, b = profiles
    client.force_login(talent_lead_a)
    url = "admin:talent_talentprofile_change"
    assert client.get(reverse(url, args=[a.pk])).status_code == 200
    assert client.get(reverse(url, args=[b.pk])).status_code == 404
    assert (
        client.get(
            reverse("admin:talent_talentprofile_history", args=[b.pk])
        ).status_code
        == 404
    )
    changelist = client.get(reverse("admin:talent_talentprofile_changelist"))
    assert changelist.status_code == 200
    assert list(changelist.context["cl"].result_list) == [a]


def test_admin_organisation_choices_are_scoped(client, talent_lead_a):
    client.force_login(talent_lead_a)
    response = client.get(reverse("admin:talent_talentprofile_add"))
    choices = response.context["adminform"].form.fields["organisation"].queryset
    assert set(choices.values_list("ods_code", flat=True)) == {TRUST_A}


def test_admin_closed_to_roles_that_do_not_use_it(client, make_user):
    board = make_user("board@example.nhs.uk", Role.BOARD_MEMBER, TRUST_A)
    client.force_login(board)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_talent_lead_cannot_touch_reference_data_in_admin(client, talent_lead_a):
    client.force_login(talent_lead_a)
    assert client.get(reverse("admin:careers_role_changelist")).status_code == 403
    assert client.get(
        reverse("admin:talent_talentprofile_delete", args=[1])
    ).status_code in (
        403,
        404,
    )
