"""Journey: a nurse plans a route to the board and checks her registration.

A staff nurse finds routes from her role to chief executive, saves the one through the
chief nurse's post as a career plan, ticks off its first step, and asks the
keep-my-registration checker what the role means for her NMC registration; then finds
a route to director of nursing, saves it and checks again without JavaScript. The
harness (tests/e2e/harness.py) screenshots every page to artifacts/screenshots/careers/
and fails on a serious axe-core violation.
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
from leadership.tests.factories import PersonFactory
from tests.e2e import harness

browser = harness.browser
journey = harness.journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def nurse(reference_data: None, make_user: Any) -> User:
    """A staff nurse at Manchester whose timeline names her profession."""
    user = make_user(
        "amara.okafor@example.nhs.uk",
        Role.CLINICIAN,
        TRUST_A,
        full_name="Amara Okafor",
    )
    PersonFactory(
        user=user,
        full_name="Amara Okafor",
        profession=Profession.objects.get(code="nursing"),
    )
    return user


def find_routes(page: Any, current: str, target: str) -> None:
    expect(page.locator("#id_profession option:checked")).to_have_text("Nurse")
    page.select_option("#id_current_role", label=current)
    page.select_option("#id_target_role", label=target)
    page.get_by_role("button", name="Find routes").click()


def route_card(page: Any, heading: str) -> Any:
    return page.locator(".nhsuk-card").filter(
        has=page.get_by_role("heading", name=re.compile(f"^{re.escape(heading)}"))
    )


def check_registration(page: Any, *, sessions: int, due: dt.date) -> None:
    page.check("input[name=keeps_clinical][value=yes]")
    page.fill("#id_clinical_sessions", str(sessions))
    page.fill("#id_revalidation_due", due.isoformat())
    page.get_by_role("button", name="Check", exact=True).click()


def expect_dates(page: Any, dates: list[tuple[str, dt.date]]) -> None:
    """The checker's table of dates, row by row."""
    table = page.get_by_role("table", name="Dates")
    expect(table.get_by_role("rowheader")).to_have_text([label for label, _ in dates])
    expect(table.get_by_role("cell")).to_have_text(
        [f"{day.day} {day:%B %Y}" for _, day in dates]
    )


def test_nurse_plans_a_route_to_the_board_and_checks_her_registration(journey, nurse):
    today = dt.date.today()
    j = journey("careers")
    page = j.page
    j.sign_in(page, nurse.email, "/careers/")
    j.see(page, "careers-home")

    page.get_by_role("link", name="Plan my career").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan my career")
    j.see(page, "plan-my-career")
    find_routes(page, "Staff nurse (L2)", "Chief executive (L10)")

    quickest = route_card(page, "Quickest route")
    expect(quickest.get_by_role("heading")).to_have_text(
        "Quickest route: about 20 years, 7 steps"
    )
    steps = quickest.locator("ol > li strong")
    expect(steps).to_have_text(
        [
            "Staff nurse to Senior staff nurse",
            "Senior staff nurse to Ward manager",
            "Ward manager to Matron",
            "Matron to Head of nursing",
            "Head of nursing to Deputy director",
            "Deputy director to Chief operating officer",
            "Chief operating officer to Chief executive",
        ]
    )
    via_nursing = route_card(page, "Alternative route 1")
    expect(via_nursing.get_by_role("heading")).to_have_text(
        "Alternative route 1: about 23 years, 8 steps"
    )
    expect(via_nursing.locator("ol > li strong").nth(6)).to_have_text(
        "Deputy chief nurse to Director of nursing"
    )
    expect(
        page.get_by_role("heading", name="Route back to clinical practice")
    ).to_be_visible()
    j.see(page, "routes-found")

    # She saves the route through the chief nurse's post.
    via_nursing.get_by_role("button", name="Save this route as my plan").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Your career plan was saved."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Staff nurse to Chief executive"
    )
    plan_steps = page.locator("main ol.nhsuk-list > li")
    expect(plan_steps).to_have_count(8)
    expect(plan_steps.first).to_contain_text("1. Staff nurse to Senior staff nurse")
    expect(plan_steps.nth(6)).to_contain_text(
        "7. Deputy chief nurse to Director of nursing"
    )
    expect(plan_steps.locator(".nhsuk-tag")).to_have_text(["To do"] * 8)
    j.see(page, "plan-saved")

    page.get_by_role("button", name="Tick off step 1").click()
    expect(plan_steps.first.locator(".nhsuk-tag")).to_have_text(
        f"Done {today.day} {today:%b %Y}"
    )
    expect(plan_steps.nth(1).locator(".nhsuk-tag")).to_have_text("To do")
    j.see(page, "plan-step-ticked-off")

    # From the plan to the checker, pre-filled with her profession and target role.
    page.get_by_role(
        "link", name="What chief executive means for your registration"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep my registration")
    expect(page.locator("#id_profession option:checked")).to_have_text("Nurse")
    expect(page.locator("#id_planned_role option:checked")).to_have_text(
        "Chief executive (L10)"
    )
    j.see(page, "checker")
    due = today + dt.timedelta(days=200)
    check_registration(page, sessions=2, due=due)

    expect(
        page.get_by_role(
            "heading", name="Nursing and Midwifery Council: as chief executive"
        )
    ).to_be_visible()
    expect_dates(page, [("Renewal or revalidation due", due)])
    keep = page.locator("h3:text('To stay registered') + ul > li")
    expect(keep.locator("strong:not(.nhsuk-tag)")).to_have_text(
        [
            "Renew your registration every year",
            "Revalidate every 3 years",
            "Your work as Chief executive counts towards keeping registration",
            "Practice hours: 450 in 3 years",
            "Keep up your CPD",
            "Fitness to practise applies to you as a manager",
        ]
    )
    expect(keep.nth(2).locator(".nhsuk-tag")).to_have_text("Met")
    expect(keep.nth(3)).to_contain_text("about 5,062 hours in 3 years full time")
    expect(page.locator("h3:text('If you relinquish') + ul")).to_contain_text(
        "If you leave the register"
    )
    j.see(page, "checker-answer")

    page.goto(j.url("/careers/plans/"))
    plans = page.get_by_role("table", name="Your plans")
    expect(plans.locator("tbody tr")).to_have_count(1)
    expect(plans.locator("tbody tr").first).to_contain_text(
        "Staff nurse to Chief executive"
    )
    expect(plans.locator("tbody tr").first).to_contain_text("1 of 8")
    j.see(page, "my-plans")

    # Without JavaScript: the route finder, saving a plan, the checker and the list.
    nojs = j.nojs
    nojs.goto(j.url("/careers/plan/"))
    j.see(nojs, "plan-my-career")
    find_routes(nojs, "Staff nurse (L2)", "Director of nursing (L9)")
    quickest = route_card(nojs, "Quickest route")
    expect(quickest.get_by_role("heading")).to_have_text(
        "Quickest route: about 19 years, 7 steps"
    )
    j.see(nojs, "routes-found")
    quickest.get_by_role("button", name="Save this route as my plan").click()
    expect(nojs.get_by_role("heading", level=1)).to_contain_text(
        "Staff nurse to Director of nursing"
    )
    expect(nojs.locator("main ol.nhsuk-list > li")).to_have_count(7)
    j.see(nojs, "plan-saved")
    nojs.get_by_role(
        "link", name="What director of nursing means for your registration"
    ).click()
    expect(nojs.locator("#id_planned_role option:checked")).to_have_text(
        "Director of nursing (L9)"
    )
    j.see(nojs, "checker")
    check_registration(nojs, sessions=2, due=due)
    expect(
        nojs.get_by_role(
            "heading",
            name="Nursing and Midwifery Council: as director of nursing",
        )
    ).to_be_visible()
    expect_dates(nojs, [("Renewal or revalidation due", due)])
    j.see(nojs, "checker-answer")
    nojs.goto(j.url("/careers/plans/"))
    expect(
        nojs.get_by_role("table", name="Your plans").locator("tbody tr")
    ).to_have_count(2)
    j.see(nojs, "my-plans")
