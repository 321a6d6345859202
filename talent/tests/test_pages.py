"""Talent pages: what each role gets, hand-computed dashboard figures, query counts."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation
from leadership.tests.factories import PersonFactory
from talent.models import ActionStatus, TalentReview
from talent.tests.factories import (
    CohortFactory,
    DevelopmentActionFactory,
    TalentProfileFactory,
    TalentReviewFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
LONG_AGO = TODAY - dt.timedelta(days=800)


def org(code):
    return Organisation.objects.get(ods_code=code)


def pool(n, organisation=TRUST_A, reviewed=True):
    """n profiles, each with two reviews (box 1 then box 9) and an overdue action."""
    profiles = []
    for _ in range(n):
        p = TalentProfileFactory(organisation=org(organisation), joined_on=LONG_AGO)
        if reviewed:
            TalentReviewFactory(
                profile=p, reviewed_on=LONG_AGO, performance=1, potential=1
            )
            TalentReviewFactory(
                profile=p,
                reviewed_on=TODAY,
                performance=3,
                potential=3,
                readiness="now",
            )
        DevelopmentActionFactory(profile=p, due_on=TODAY - dt.timedelta(days=1))
        profiles.append(p)
    return profiles


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries), response


PAGES = [
    ("talent:dashboard", {}),
    ("talent:dashboard", {"readiness": "now", "organisation": TRUST_A}),
    ("talent:profile-list", {}),
    ("talent:profile-list", {"box": "9", "review": "overdue", "sponsor": "none"}),
    ("talent:equity", {}),
    ("talent:outcomes", {}),
    ("talent:cohort-list", {}),
]


# Session, user, memberships and the talent scope (one UNION) come first on every page,
# then the filter drop-downs and the page's own aggregates.
MAX_QUERIES = {
    "talent:dashboard": 18,
    "talent:profile-list": 10,
    "talent:equity": 10,
    "talent:outcomes": 13,
    "talent:cohort-list": 6,
}


@pytest.mark.parametrize(("name", "params"), PAGES)
def test_query_count_is_pinned_and_does_not_grow_with_rows(
    client, talent_lead_a, name, params
):
    client.force_login(talent_lead_a)
    pool(2)
    CohortFactory()
    few, _ = queries(client, reverse(name), **params)
    pool(6)
    CohortFactory()
    many, _ = queries(client, reverse(name), **params)
    assert few == many
    assert many <= MAX_QUERIES[name], many


def test_dashboard_figures_hand_computed(client, talent_lead_a):
    client.force_login(talent_lead_a)
    moved = pool(2)  # box 9 now, reviewed today, overdue action each
    stale = TalentProfileFactory(organisation=org(TRUST_A), joined_on=LONG_AGO)
    TalentReviewFactory(profile=stale, reviewed_on=LONG_AGO, performance=2, potential=2)
    TalentProfileFactory(organisation=org(TRUST_A), joined_on=LONG_AGO)  # never
    newcomer = TalentProfileFactory(organisation=org(TRUST_A), joined_on=TODAY)
    newcomer.sponsor = PersonFactory()
    newcomer.save()
    TalentProfileFactory(organisation=org(TRUST_A), status="left")  # not counted
    pool(3, organisation=TRUST_B)  # another trust: not counted
    DevelopmentActionFactory(
        profile=moved[0],
        due_on=TODAY - dt.timedelta(days=3),
        status=ActionStatus.DONE,
        outcome="Done",
    )
    response = client.get(reverse("talent:dashboard"))
    data = response.context["data"]
    boxes = {c["box"]: c["count"] for row in data["grid"] for c in row["cells"]}
    assert boxes == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 0, 7: 0, 8: 0, 9: 2}
    assert (data["total"], data["not_reviewed"], data["no_sponsor"]) == (5, 2, 4)
    # stale (last review 800 days ago) and the never-reviewed long-timer are overdue.
    assert data["overdue_reviews"] == 2
    assert data["overdue_actions"] == 2
    assert not response.context["suppressed"]
    pipeline = data["pipeline"]["rows"]
    assert [(r["profession"], r["total"]) for r in pipeline] == [("Nurse", 5)]


def test_overdue_rule_follows_the_setting(client, talent_lead_a, settings):
    client.force_login(talent_lead_a)
    p = TalentProfileFactory(joined_on=LONG_AGO)
    TalentReviewFactory(profile=p, reviewed_on=TODAY - dt.timedelta(days=100))
    settings.TALENT_REVIEW_INTERVAL_DAYS = 365
    assert (
        client.get(reverse("talent:dashboard")).context["data"]["overdue_reviews"] == 0
    )
    settings.TALENT_REVIEW_INTERVAL_DAYS = 90
    assert (
        client.get(reverse("talent:dashboard")).context["data"]["overdue_reviews"] == 1
    )


def test_overdue_action_is_open_and_past_due_only():
    from talent.models import DevelopmentAction

    p = TalentProfileFactory()
    late = DevelopmentActionFactory(profile=p, due_on=TODAY - dt.timedelta(days=1))
    DevelopmentActionFactory(profile=p, due_on=TODAY)  # due today: not yet overdue
    DevelopmentActionFactory(
        profile=p, due_on=TODAY - dt.timedelta(days=9), status="done", outcome="ok"
    )
    DevelopmentActionFactory(
        profile=p, due_on=TODAY - dt.timedelta(days=9), status="cancelled"
    )
    assert list(DevelopmentAction.objects.overdue()) == [late]


def test_national_view_is_suppressed_and_one_trust_is_not(client, national_admin):
    client.force_login(national_admin)
    pool(9)
    data = client.get(reverse("talent:dashboard")).context["data"]
    assert data["total"] == 10  # 9 rounded to the nearest 5
    assert {c["count"] for r in data["grid"] for c in r["cells"]} == {0, 10}
    one = client.get(reverse("talent:dashboard"), {"organisation": TRUST_A})
    assert one.context["data"]["total"] == 9
    region = client.get(reverse("talent:dashboard"), {"organisation": "Y62"})
    assert region.context["suppressed"]


def test_small_counts_show_as_star_beyond_one_organisation(client, make_user):
    regional = make_user("r@example.nhs.uk", Role.TALENT_LEAD, "Y62")
    client.force_login(regional)
    pool(3)
    data = client.get(reverse("talent:dashboard")).context["data"]
    assert data["total"] == "*"


def test_box_link_lists_the_people_in_that_box(client, talent_lead_a):
    client.force_login(talent_lead_a)
    nine = pool(2)
    stale = TalentProfileFactory(joined_on=LONG_AGO)
    TalentReviewFactory(profile=stale, performance=2, potential=2)
    body = client.get(reverse("talent:dashboard")).content.decode()
    assert "?box=9" in body
    listed = client.get(reverse("talent:profile-list"), {"box": "9"})
    assert {p.pk for p in listed.context["page_obj"]} == {p.pk for p in nine}


def test_pages_closed_to_clinicians_and_board_members(client, make_user):
    for role in (Role.CLINICIAN, Role.BOARD_MEMBER):
        user = make_user(f"{role}@example.nhs.uk", role, TRUST_A)
        client.force_login(user)
        for name in (
            "talent:dashboard",
            "talent:equity",
            "talent:outcomes",
            "talent:cohort-list",
            "talent:nomination-list",
        ):
            assert client.get(reverse(name)).status_code == 404, (role, name)


def test_csv_export_streams_the_filtered_list_with_neutralised_cells(
    client, talent_lead_a
):
    client.force_login(talent_lead_a)
    p = pool(1)[0]
    p.person.full_name = "=HYPERLINK(1)"
    p.person.save(update_fields=["full_name"])
    TalentProfileFactory(organisation=org(TRUST_B))
    response = client.get(reverse("talent:profile-list"), {"format": "csv", "box": "9"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][8] == "9: Exceptional talent"


def test_record_a_review_through_the_form(client, talent_lead_a):
    client.force_login(talent_lead_a)
    profile = TalentProfileFactory(joined_on=LONG_AGO)
    url = reverse("talent:review-create", args=[profile.pk])
    assert client.get(url).status_code == 200
    future = TODAY + dt.timedelta(days=2)
    response = client.post(
        url,
        {
            "reviewer": talent_lead_a.pk,
            "reviewed_on_day": future.day,
            "reviewed_on_month": future.month,
            "reviewed_on_year": future.year,
            "performance": "3",
            "potential": "2",
            "readiness": "1-2",
            "strengths": ["sharing-the-vision"],
        },
    )
    assert response.status_code == 200
    assert "The review date cannot be in the future." in response.content.decode()
    assert response.context["form"].errors["reviewed_on"]
    response = client.post(
        url,
        {
            "reviewer": talent_lead_a.pk,
            "reviewed_on_day": TODAY.day,
            "reviewed_on_month": TODAY.month,
            "reviewed_on_year": TODAY.year,
            "performance": "3",
            "potential": "2",
            "readiness": "1-2",
            "strengths": ["sharing-the-vision"],
        },
    )
    assert response.status_code == 302
    review = TalentReview.objects.get()
    assert (review.nine_box, review.strengths) == (6, ["sharing-the-vision"])


def test_review_form_404_for_another_organisation(client, talent_lead_b):
    client.force_login(talent_lead_b)
    profile = TalentProfileFactory()
    url = reverse("talent:review-create", args=[profile.pk])
    assert client.get(url).status_code == 404


def test_profile_detail_shows_history_and_placement_to_host(client, talent_lead_b):
    profile = TalentProfileFactory()
    DevelopmentActionFactory(
        profile=profile,
        kind="secondment",
        host_organisation=org(TRUST_B),
        title="Secondment to Guy's",
    )
    client.force_login(talent_lead_b)
    response = client.get(reverse("talent:profile-detail", args=[profile.pk]))
    assert response.status_code == 200
    assert "Secondment to Guy&#x27;s" in response.content.decode()
