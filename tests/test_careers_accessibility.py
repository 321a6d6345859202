"""Careers and regulation pages pass axe-core's WCAG 2.2 AA rules in a real browser.

Uses the fixtures and the check of tests/test_accessibility.py (Chromium, axe-core from
node_modules, screenshots to artifacts/screenshots/); skipped the same way.
"""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role as UserRole
from conftest import TRUST_A
from tests import test_accessibility as a11y

# The same module-scoped browser and per-test page fixtures, and the same axe check.
browser = a11y.browser
page = a11y.page
check = a11y.check
sign_in = a11y.sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def clinician(make_user):
    return make_user("a11y.nurse@example.nhs.uk", UserRole.CLINICIAN, TRUST_A)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("careers-index", "/careers/"),
        ("careers-roles", "/careers/roles/"),
        ("careers-roles-empty", "/careers/roles/?q=no-such-role"),
        ("careers-role", "/careers/roles/director-of-nursing/"),
        ("careers-pathways", "/careers/pathways/"),
        ("careers-pathway-ahp", "/careers/pathways/ahps/"),
        ("careers-pathway-doctors", "/careers/pathways/doctors/"),
        ("careers-programmes", "/careers/programmes/"),
        ("careers-case-studies", "/careers/case-studies/"),
        (
            "careers-case-study",
            "/careers/case-studies/pharmacist-to-director-of-pharmacy/",
        ),
        ("careers-search", "/careers/search/?q=revalidation"),
        ("careers-plan-new", "/careers/plan/"),
        ("careers-advice", "/careers/advice/"),
        (
            "careers-compare",
            "/careers/compare/?role=director-of-nursing&role=chief-executive",
        ),
        ("careers-role-routes", "/careers/roles/chief-executive/routes/"),
        ("regulation-regulators", "/regulation/"),
        ("regulation-nmc", "/regulation/NMC/"),
        ("regulation-guidance", "/regulation/guidance/"),
        (
            "regulation-article",
            "/regulation/guidance/gmc-licence-in-a-leadership-role/",
        ),
        ("regulation-return", "/regulation/return-to-practice/?regulator=&years_out=x"),
    ],
)
def test_careers_page_is_accessible(page, live_server, clinician, name, path):
    sign_in(page, live_server.url, clinician.email)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    check(page, name)


def test_checker_with_answer_and_with_errors_is_accessible(
    page, live_server, clinician
):
    sign_in(page, live_server.url, clinician.email)
    page.goto(f"{live_server.url}/careers/keep-my-registration/")
    page.select_option("#id_profession", label="Nurse")
    page.select_option("#id_planned_role", label="Director of nursing (L9)")
    page.check("input[name=keeps_clinical][value=no]")
    due = (dt.date.today() + dt.timedelta(days=200)).isoformat()
    page.fill("#id_revalidation_due", due)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="To stay registered").is_visible()
    check(page, "careers-checker-answer")
    page.goto(
        f"{live_server.url}/careers/keep-my-registration/?keeps_clinical=yes"
        "&clinical_sessions=12&revalidation_due=2020-01-01"
    )
    assert page.locator(".nhsuk-error-summary").is_visible()
    check(page, "careers-checker-errors")


def test_plan_with_routes_is_accessible(page, live_server, clinician):
    sign_in(page, live_server.url, clinician.email)
    page.goto(f"{live_server.url}/careers/plan/")
    page.select_option("#id_profession", label="Physiotherapist")
    page.select_option(
        "#id_current_role", label="Specialist allied health professional (L3)"
    )
    page.select_option("#id_target_role", label="Chief executive (L10)")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Quickest route").first.is_visible()
    check(page, "careers-plan-routes")
