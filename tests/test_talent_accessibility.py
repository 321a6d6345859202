"""The talent programme's main pages pass axe-core's WCAG 2.2 AA rules in Chromium.

The same harness as tests/test_accessibility.py (its fixtures and `check` are reused):
a small programme (profiles with reviews that move across the grid, a placement, a
cohort), then each page as a talent lead, a clinician and a national admin, including a
review form with errors. Screenshots land in artifacts/screenshots/talent-*.png.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from accounts.models import User
from accounts.roles import Role
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation
from leadership.tests.factories import PersonFactory
from talent.models import TalentProfile
from tests import test_accessibility as a11y

# The shared harness: one Chromium per module, a page per test, the axe check.
browser = a11y.browser
page = a11y.page
check = a11y.check
sign_in = a11y.sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TODAY = dt.date.today()


@pytest.fixture
def programme(talent_lead_a: User, make_user: Any) -> dict[str, Any]:
    from talent.tests.factories import (
        CohortFactory,
        DevelopmentActionFactory,
        TalentProfileFactory,
        TalentReviewFactory,
    )

    clinician = make_user("clinician@example.nhs.uk", Role.CLINICIAN, TRUST_A)
    mine = TalentProfileFactory(
        person=PersonFactory(user=clinician, full_name="Grace Example"),
        joined_on=TODAY - dt.timedelta(days=700),
    )
    profiles = [mine] + [
        TalentProfileFactory(joined_on=TODAY - dt.timedelta(days=700)) for _ in range(4)
    ]
    for i, profile in enumerate(profiles):
        TalentReviewFactory(
            profile=profile,
            reviewer=talent_lead_a,
            reviewed_on=TODAY - dt.timedelta(days=400),
            performance=1 + i % 3,
            potential=1,
        )
        TalentReviewFactory(
            profile=profile,
            reviewer=talent_lead_a,
            reviewed_on=TODAY - dt.timedelta(days=20),
            performance=1 + i % 3,
            potential=1 + (i + 1) % 3,
            readiness="now" if i % 2 else "1-2",
            shared_with_clinician=True,
            notes="Ready for an acting-up role.",
            notes_private=False,
            strengths=["engaging-the-team"],
        )
    DevelopmentActionFactory(
        profile=mine,
        kind="secondment",
        title="Secondment to a partner trust",
        host_organisation=Organisation.objects.get(ods_code=TRUST_B),
        due_on=TODAY - dt.timedelta(days=3),
        status="in_progress",
    )
    cohort = CohortFactory()
    cohort.memberships.create(profile=mine, added_on=TODAY)
    return {"clinician": clinician, "profile": mine, "cohort": cohort}


TALENT_LEAD_PAGES = [
    ("talent-dashboard", "/talent/"),
    ("talent-dashboard-filtered", "/talent/?readiness=now"),
    ("talent-profile-list-box", "/talent/profiles/?box=5"),
    ("talent-profile-list-empty", "/talent/profiles/?q=nobody-at-all"),
    ("talent-profile-detail-lead", "/talent/profiles/{profile}/"),
    ("talent-review-form", "/talent/profiles/{profile}/reviews/new/"),
    ("talent-action-form", "/talent/profiles/{profile}/actions/new/"),
    ("talent-cohort-list", "/talent/cohorts/"),
    ("talent-cohort-detail", "/talent/cohorts/{cohort}/"),
    ("talent-nominations", "/talent/nominations/"),
    ("talent-equity", "/talent/equity/"),
    ("talent-outcomes", "/talent/outcomes/"),
    ("talent-succession", f"/talent/succession/{TRUST_A}/"),
]


@pytest.mark.parametrize(("name", "path"), TALENT_LEAD_PAGES)
def test_talent_lead_page_is_accessible(
    page, live_server, talent_lead_a, programme, name, path
):
    sign_in(page, live_server.url, talent_lead_a.email)
    url = path.format(profile=programme["profile"].pk, cohort=programme["cohort"].pk)
    response = page.goto(f"{live_server.url}{url}")
    assert response.status == 200
    check(page, name)


def test_review_form_with_errors_is_accessible(
    page, live_server, talent_lead_a, programme
):
    sign_in(page, live_server.url, talent_lead_a.email)
    profile: TalentProfile = programme["profile"]
    page.goto(f"{live_server.url}/talent/profiles/{profile.pk}/reviews/new/")
    page.fill("#id_reviewed_on_year", str(TODAY.year + 1))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.locator("#id_performance-error, .nhsuk-error-message").count() >= 1
    check(page, "talent-review-form-errors")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("talent-my-programme", "/talent/me/"),
        ("talent-nominate", "/talent/me/nominate/"),
        ("talent-profile-detail-own", "/talent/profiles/{profile}/"),
    ],
)
def test_clinician_page_is_accessible(page, live_server, programme, name, path):
    sign_in(page, live_server.url, programme["clinician"].email)
    response = page.goto(
        f"{live_server.url}{path.format(profile=programme['profile'].pk)}"
    )
    assert response.status == 200
    check(page, name)


def test_national_dashboard_is_accessible(page, live_server, national_admin, programme):
    sign_in(page, live_server.url, national_admin.email)
    response = page.goto(f"{live_server.url}/talent/")
    assert response.status == 200
    assert page.locator(".nhsuk-inset-text").is_visible()  # the suppression note
    check(page, "talent-national-dashboard")
