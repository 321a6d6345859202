"""Report dashboards and the progress page pass axe-core's WCAG 2.2 AA rules.

Same harness as tests/test_accessibility.py (headless Chromium, axe-core from
node_modules, serious or critical violations fail); screenshots land in
artifacts/screenshots/reports-*.png.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from accounts.models import User
from accounts.roles import Role
from leadership.models import Organisation
from reports import runs
from reports.models import ReportKind
from reports.tasks import run_report
from reports.tests.factories import AS_OF, cell, manchester_board
from tests.test_accessibility import (
    CHROMIUM,
    LAUNCH_ARGS,
    check,
    sign_in,
    sync_api,
    watch_for_blocked_code,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module (as in tests/test_accessibility.py)."""
    with pytest.MonkeyPatch.context() as mp, sync_api.sync_playwright() as playwright:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, reference_data) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch_for_blocked_code(page)
    yield page
    context.close()


@pytest.fixture
def reports_built(reference_data: None) -> None:
    manchester_board()
    cell("R0A", "nursing", 2, 300)
    cell("R0A", "nursing", 5, 40, sex="M", ethnic="H")
    cell("R0A", "physiotherapy", 6, 1)
    for code in ("R0A", "ENG"):
        scope = Organisation.objects.get(ods_code=code)
        for as_of in (dt.date(2026, 3, 31), AS_OF):
            for kind in (ReportKind.CEILING, ReportKind.BOARD_DIVERSITY):
                run = runs.report_run_request(
                    kind=kind, organisation=scope, as_of=as_of
                )
                run_report(run.pk)


@pytest.fixture
def admin(make_user) -> User:
    return make_user("a11y.admin@example.nhs.uk", Role.NATIONAL_ADMIN, "ENG")


@pytest.fixture
def board_member(make_user) -> User:
    return make_user("a11y.board@example.nhs.uk", Role.BOARD_MEMBER, "R0A")


@pytest.mark.parametrize(
    ("name", "who", "path"),
    [
        ("reports-board-dashboard", "board_member", "/reports/R0A/"),
        (
            "reports-board-dashboard-filtered",
            "board_member",
            "/reports/R0A/?profession=zz",
        ),
        ("reports-suppressed-dashboard", "admin", "/reports/R0A/"),
        ("reports-national-dashboard", "admin", "/reports/ENG/"),
        ("reports-empty-dashboard", "admin", "/reports/RJ1/"),
        ("reports-progress", "board_member", "/reports/R0A/progress/"),
    ],
)
def test_report_page_is_accessible(
    page: Any, live_server, reports_built, request, name, who, path
):
    user = request.getfixturevalue(who)
    sign_in(page, live_server.url, user.email)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    check(page, name)
