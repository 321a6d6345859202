"""Journey: a talent lead records a nine-box review and sees the person move.

Four people at Manchester sit on the grid from reviews half a year ago (recorded with
the talent services). The talent lead reads the grid, opens a box, records a new review
for one person and sees the counts change and the person listed under the new box;
then records another review and reads the grid and the list without JavaScript.
Screenshots: artifacts/screenshots/talent/.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import Role
from careers.models import Profession
from conftest import TRUST_A
from leadership.models import Organisation
from leadership.tests.factories import PersonFactory
from talent import services as talent
from talent.models import EntryLevel, TalentProfile
from tests.e2e import harness

browser = harness.browser
journey = harness.journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


NINE_BOX = re.compile(r"^Nine-box grid")
PROFILES = re.compile(r"^Talent profiles")


@pytest.fixture
def talent_lead(reference_data: None, make_user: Any) -> User:
    return make_user(
        "priya.shah@example.nhs.uk",
        Role.TALENT_LEAD,
        TRUST_A,
        full_name="Priya Shah",
    )


@pytest.fixture
def programme(talent_lead: User) -> dict[str, TalentProfile]:
    """Four people at Manchester, each placed on the grid by a review half a year ago."""
    today = dt.date.today()
    organisation = Organisation.objects.get(ods_code=TRUST_A)
    level = EntryLevel.objects.get(code="emerging-leader")
    people = {
        # name: (profession, performance, potential) -> box (potential - 1) * 3 + perf
        "Grace Adeyemi": ("nursing", 2, 2),  # box 5
        "Tom Okoro": ("physiotherapy", 2, 2),  # box 5
        "Sam Patel": ("pharmacist", 3, 2),  # box 6
        "Ellen Marsh": ("medicine", 3, 3),  # box 9
    }
    profiles = {}
    for name, (profession, performance, potential) in people.items():
        person = PersonFactory(
            full_name=name, profession=Profession.objects.get(code=profession)
        )
        profile = talent.talent_profile_create(
            person=person,
            organisation=organisation,
            entry_level=level,
            identified_by="line_manager",
            joined_on=today - dt.timedelta(days=450),
            by=talent_lead,
        )
        talent.talent_review_record(
            profile=profile,
            reviewer=talent_lead,
            reviewed_on=today - dt.timedelta(days=190),
            performance=performance,
            potential=potential,
            readiness="3+",
            by=talent_lead,
        )
        profiles[name] = profile
    return profiles


def grid_counts(page: Any) -> dict[int, int]:
    """The nine-box grid as shown: box number to the count in its cell."""
    grid = page.get_by_role("table", name=NINE_BOX)
    expect(grid.locator("td.app-ninebox__cell")).to_have_count(9)
    counts = {}
    for box in grid.locator("td.app-ninebox__cell").all():
        label = box.locator(".app-ninebox__label").inner_text()
        count = box.locator(".app-ninebox__count").inner_text()
        counts[int(re.match(r"Box (\d)", label)[1])] = int(count.split()[0])
    return counts


def grid(**boxes: int) -> dict[int, int]:
    """Expected counts, e.g. grid(b5=2, b9=1); the other boxes are empty."""
    return {n: boxes.get(f"b{n}", 0) for n in range(1, 10)}


def open_box(page: Any, box: int, label: str) -> None:
    page.get_by_role("table", name=NINE_BOX).get_by_role(
        "link", name=re.compile(f"Box {box}: {label}")
    ).click()
    expect(page).to_have_url(re.compile(f"box={box}"))


def listed(page: Any) -> Any:
    return page.get_by_role("table", name=PROFILES).locator("tbody tr")


def record_review(page: Any, *, performance: str, potential: str, ready: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a talent review")
    expect(page.locator("#id_reviewer option:checked")).to_have_text("Priya Shah")
    page.get_by_role("radio", name=performance).check()
    page.get_by_role("radio", name=potential).check()
    page.get_by_role("radio", name=ready).check()
    page.get_by_role("button", name="Save review").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Review recorded."
    )


def test_talent_lead_records_a_review_and_sees_the_person_move_on_the_grid(
    journey, talent_lead, programme
):
    today = dt.date.today()
    j = journey("talent")
    page = j.page
    j.sign_in(page, talent_lead.email, "/talent/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Talent dashboard")
    assert grid_counts(page) == grid(b5=2, b6=1, b9=1)
    j.see(page, "dashboard-before")

    open_box(page, 5, "Key contributor")
    expect(listed(page).locator("td:first-child a")).to_have_text(
        ["Grace Adeyemi", "Tom Okoro"]
    )
    j.see(page, "box-5-key-contributors")
    page.get_by_role("link", name="Grace Adeyemi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grace Adeyemi")
    j.see(page, "profile-before")

    page.get_by_role("link", name="Record a review").click()
    j.see(page, "review-form")
    record_review(
        page,
        performance="3 - Exceeds expectations",
        potential="3 - High",
        ready="Ready in 1-2 years",
    )
    reviews = page.get_by_role("table", name="Talent reviews, newest first")
    expect(reviews.locator("tbody tr")).to_have_count(2)
    expect(reviews.locator("tbody tr").first).to_contain_text(
        "Box 9: Exceptional talent"
    )
    expect(reviews.locator("tbody tr").first).to_contain_text("by Priya Shah")
    expect(reviews.locator("tbody tr").last).to_contain_text("Box 5: Key contributor")
    j.see(page, "profile-after-review")

    page.goto(j.url("/talent/"))
    assert grid_counts(page) == grid(b5=1, b6=1, b9=2)
    j.see(page, "dashboard-after")
    open_box(page, 9, "Exceptional talent")
    expect(listed(page).locator("td:first-child a")).to_have_text(
        ["Ellen Marsh", "Grace Adeyemi"]
    )
    expect(listed(page).filter(has_text="Grace Adeyemi")).to_contain_text(
        f"Box 9, {today:%b %Y}"
    )
    j.see(page, "box-9-exceptional-talent")

    # Without JavaScript: the review form, the review table, the grid and the list.
    nojs = j.nojs
    nojs.goto(j.url(f"/talent/profiles/{programme['Sam Patel'].pk}/reviews/new/"))
    expect(nojs.get_by_role("heading", level=1)).to_have_text("Record a talent review")
    j.see(nojs, "review-form")
    record_review(
        nojs,
        performance="2 - Meets expectations",
        potential="3 - High",
        ready="Ready now",
    )
    expect(
        nojs.get_by_role("table", name="Talent reviews, newest first").locator(
            "tbody tr"
        )
    ).to_have_text([re.compile("Box 8: Future leader"), re.compile("Box 6: High")])
    j.see(nojs, "profile-after-review")
    nojs.goto(j.url("/talent/"))
    assert grid_counts(nojs) == grid(b5=1, b8=1, b9=2)
    j.see(nojs, "dashboard-after")
    open_box(nojs, 8, "Future leader")
    expect(listed(nojs).locator("td:first-child a")).to_have_text(["Sam Patel"])
    j.see(nojs, "box-8-future-leader")
