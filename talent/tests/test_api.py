"""Talent API: scoped lists with pinned query counts, writes through the services."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.roles import Role
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation
from talent.models import DevelopmentAction, TalentReview
from talent.tests.factories import (
    CohortFactory,
    DevelopmentActionFactory,
    TalentProfileFactory,
    TalentReviewFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def org(code):
    return Organisation.objects.get(ods_code=code)


def grow(n):
    for _ in range(n):
        p = TalentProfileFactory()
        TalentReviewFactory(profile=p)
        DevelopmentActionFactory(profile=p)
        CohortFactory()


@pytest.mark.parametrize(
    "url",
    [
        "/api/talent/profiles/",
        "/api/talent/profiles/?box=5&readiness=1-2",
        "/api/talent/profiles/nine-box/",
        "/api/talent/reviews/",
        "/api/talent/actions/?overdue=false",
        "/api/talent/cohorts/",
    ],
)
def test_api_list_query_counts_do_not_grow(talent_lead_a, url):
    from accounts.models import User

    def fresh():  # a new user object per request, as each real request has
        return api_for(User.objects.get(pk=talent_lead_a.pk))

    grow(2)
    api = fresh()
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    grow(5)
    api = fresh()
    with CaptureQueriesContext(connection) as many:
        assert api.get(url).status_code == 200
    # Memberships, the talent scope (one UNION), then count and page (or the
    # aggregate and the disclosure's organisation).
    assert len(few.captured_queries) == len(many.captured_queries) <= 4


def test_api_lists_are_scoped(talent_lead_a):
    mine = TalentProfileFactory()
    theirs = TalentProfileFactory(organisation=org(TRUST_B))
    TalentReviewFactory(profile=mine)
    TalentReviewFactory(profile=theirs)
    api = api_for(talent_lead_a)
    assert [
        r["profile"] for r in api.get("/api/talent/reviews/").json()["results"]
    ] == [mine.pk]
    assert api.get(f"/api/talent/profiles/{theirs.pk}/").status_code == 404


def test_api_nine_box_counts(talent_lead_a):
    for perf in (1, 3, 3):
        TalentReviewFactory(
            profile=TalentProfileFactory(), performance=perf, potential=3
        )
    TalentProfileFactory()
    rows = api_for(talent_lead_a).get("/api/talent/profiles/nine-box/").json()
    counts = {r["box"]: r["count"] for r in rows}
    assert (counts[7], counts[9], counts[None], counts[5]) == (1, 2, 1, 0)


def test_api_records_a_review_through_the_service(talent_lead_a, talent_lead_b):
    profile = TalentProfileFactory(joined_on=dt.date(2024, 1, 1))
    body = {
        "profile": profile.pk,
        "reviewed_on": TODAY.isoformat(),
        "performance": 2,
        "potential": 3,
        "readiness": "1-2",
        "strengths": ["developing-capability"],
    }
    response = api_for(talent_lead_a).post("/api/talent/reviews/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["nine_box"] == 8
    bad = api_for(talent_lead_a).post(
        "/api/talent/reviews/", {**body, "performance": 5}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["performance"][0]["code"] == "out_of_range"
    other = api_for(talent_lead_b).post("/api/talent/reviews/", body, format="json")
    assert other.status_code == 400
    assert other.json()["error"]["fields"]["profile"][0]["code"] == "does_not_exist"
    assert TalentReview.objects.count() == 1


def test_clinician_cannot_write(make_user):
    clinician = make_user("c@example.nhs.uk", Role.CLINICIAN, TRUST_A)
    response = api_for(clinician).post("/api/talent/cohorts/", {}, format="json")
    assert response.status_code == 403


def test_api_action_placement_and_update(talent_lead_a, talent_lead_b):
    profile = TalentProfileFactory()
    api = api_for(talent_lead_a)
    response = api.post(
        "/api/talent/actions/",
        {
            "profile": profile.pk,
            "kind": "secondment",
            "title": "Rotation",
            "due_on": "2030-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["host_organisation"][0]["code"] == (
        "host_required"
    )
    response = api.post(
        "/api/talent/actions/",
        {
            "profile": profile.pk,
            "kind": "secondment",
            "title": "Rotation",
            "due_on": "2030-01-01",
            "host_organisation": TRUST_B,
        },
        format="json",
    )
    assert response.status_code == 201
    action_id = response.json()["id"]
    assert (
        api_for(talent_lead_b).get(f"/api/talent/profiles/{profile.pk}/").status_code
        == 200
    )
    done = api.patch(
        f"/api/talent/actions/{action_id}/", {"status": "done"}, format="json"
    )
    assert done.json()["error"]["fields"]["outcome"][0]["code"] == "required"
    done = api.patch(
        f"/api/talent/actions/{action_id}/",
        {"status": "done", "outcome": "Led the rota redesign"},
        format="json",
    )
    assert done.status_code == 200
    assert DevelopmentAction.objects.get().status == "done"
    # Finished: the host's talent lead no longer sees the profile.
    assert (
        api_for(talent_lead_b).get(f"/api/talent/profiles/{profile.pk}/").status_code
        == 404
    )


def test_api_cohort_create_and_bulk_add(talent_lead_a):
    api = api_for(talent_lead_a)
    response = api.post(
        "/api/talent/cohorts/",
        {
            "name": "Trust fellows 2026",
            "programme": "Trust fellows",
            "region": TRUST_A,
            "year": 2026,
            "starts_on": "2026-09-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    cohort_id = response.json()["id"]
    refused = api.post(
        "/api/talent/cohorts/",
        {"name": "x", "programme": "x", "region": TRUST_B, "year": 2026,
         "starts_on": "2026-09-01"},
        format="json",
    )  # fmt: skip
    assert refused.status_code == 400
    profiles = [TalentProfileFactory().pk for _ in range(2)]
    added = api.post(
        f"/api/talent/cohorts/{cohort_id}/add-profiles/",
        {"profiles": profiles},
        format="json",
    )
    assert added.json() == {"added": 2}


def test_a_nul_character_in_a_json_body_is_a_field_error_and_writes_nothing(
    talent_lead_a,
):
    """PostgreSQL refuses NUL in text: it must stop at the serializer, not reach it."""
    profile = TalentProfileFactory()
    body = {
        "profile": profile.pk,
        "kind": "project",
        "title": "Rota\x00tion",
        "due_on": "2030-01-01",
    }
    api = api_for(talent_lead_a)
    response = api.post("/api/talent/actions/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["title"]
    assert response.json()["error"]["fields"]["title"][0]["code"] == (
        "null_characters_not_allowed"
    )
    assert not DevelopmentAction.objects.filter(profile=profile).exists()
    clean = api.post(
        "/api/talent/actions/", {**body, "title": "Rotation"}, format="json"
    )
    assert clean.status_code == 201
