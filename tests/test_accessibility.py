"""Every main page passes axe-core's WCAG 2.2 AA rules in a real browser.

Loads each page in headless Chromium against the live server, injects axe-core from
node_modules (never a CDN), and fails on any serious or critical violation. Saves a
screenshot of each page to artifacts/screenshots/ for a human to look at.
Skipped where /usr/bin/chromium is missing, except under CI, which must run them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from accounts.models import User
from careers.models import Profession
from conftest import PASSWORD, TRUST_A
from leadership.models import Organisation, Person
from talent.models import EntryLevel, TalentProfile

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
FOREIGN_FONT = "Loading the font 'https://assets.nhs.uk/fonts/"

if not CHROMIUM.exists() or not AXE.exists():
    reason = f"needs {CHROMIUM} and {AXE} (run `make install`)"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the accessibility checks: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module.

    Playwright's sync API keeps an event loop running in this thread, which Django
    takes for async code; the ORM calls here (fixtures, flushes) are plain sync code.
    """
    with pytest.MonkeyPatch.context() as mp, sync_api.sync_playwright() as playwright:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


def watch_for_blocked_code(page: Any) -> None:
    """Note on the page what its content security policy blocked, and script errors.

    check() fails on any: a policy that blocks the product's own code breaks the page
    as surely as a missing file does.
    """
    page.blocked = []

    def console(message: Any) -> None:
        text = message.text
        if message.type != "error" or "Content Security Policy" not in text:
            return
        # NHS.UK frontend's CSS declares its web font on assets.nhs.uk; the policy
        # keeps fonts to this site, nothing uses the face (app.css sets Arial), and
        # Chromium reports the declared faces all the same.
        if text.startswith(FOREIGN_FONT):
            return
        page.blocked.append(text)

    page.on("console", console)
    page.on("pageerror", lambda error: page.blocked.append(f"script error: {error}"))


@pytest.fixture
def page(browser, live_server, reference_data) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch_for_blocked_code(page)
    yield page
    context.close()


@pytest.fixture
def profile(talent_lead_a: User) -> TalentProfile:
    profession = Profession.objects.get(code="nursing")
    person = Person.objects.create(
        external_ref="a11y-1", full_name="Grace Example", profession=profession
    )
    return TalentProfile.objects.create(
        person=person,
        organisation=Organisation.objects.get(ods_code=TRUST_A),
        entry_level=EntryLevel.objects.get(code="emerging-leader"),
        profession=profession,
        identified_by="line_manager",
        joined_on=dt.date(2025, 4, 1),
        target_horizon_years=3,
    )


def sign_in(page: Any, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def check(page: Any, name: str, *, screenshot: bool = True) -> None:
    """Screenshot the loaded page and fail on any serious or critical axe violation."""
    assert not getattr(page, "blocked", []), f"{name}: {page.blocked}"
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # Evaluated through the DevTools protocol, not added as a <script>: the content
    # security policy rightly blocks an inline script, even a test's.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    blocking = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"{name}: " + json.dumps(blocking, indent=2)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("anonymous-home", "/"),
        ("login", "/accounts/login/"),
        ("password-reset", "/accounts/password-reset/"),
    ],
)
def test_anonymous_page_is_accessible(page, live_server, name, path):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    check(page, name)


def test_login_with_errors_is_accessible(page, live_server, talent_lead_a):
    sign_in(page, live_server.url, talent_lead_a.email, "wrong-password")
    assert page.locator(".nhsuk-error-summary").is_visible()
    check(page, "login-errors")


@pytest.mark.parametrize(
    ("name", "path", "status"),
    [
        ("home", "/", 200),
        ("my-account", "/accounts/profile/", 200),
        ("organisation-list", "/organisations/", 200),
        ("organisation-list-filtered", "/organisations/?kind=trust&q=manchester", 200),
        ("organisation-list-empty", "/organisations/?q=no-such-body", 200),
        ("organisation-detail", f"/organisations/{TRUST_A}/", 200),
        ("organisation-detail-icb", "/organisations/QOP/", 200),
        ("talent-profile-list", "/talent/profiles/", 200),
        ("talent-profile-detail", "/talent/profiles/{profile}/", 200),
        ("not-found", "/no-such-page/", 404),
    ],
)
def test_signed_in_talent_lead_page_is_accessible(
    page, live_server, talent_lead_a, profile, name, path, status
):
    sign_in(page, live_server.url, talent_lead_a.email)
    response = page.goto(f"{live_server.url}{path.format(profile=profile.pk)}")
    assert response.status == status
    check(page, name)


def test_check_fails_on_a_serious_violation(page, live_server):
    """Guard the guard: an image without alt text (critical) must fail the check."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"/static/nhsuk/assets/images/favicon.svg\">')"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        check(page, "deliberate-violation", screenshot=False)


def test_check_fails_on_code_the_content_security_policy_blocks(page, live_server):
    """Guard the guard: an inline script the page gained must fail the check."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.append(s); }"
    )

    assert page.evaluate("() => window.ran") is None
    with pytest.raises(AssertionError, match="Content Security Policy"):
        check(page, "deliberate-inline-script", screenshot=False)


def test_nhsuk_frontend_runs_under_the_content_security_policy(
    page, live_server, talent_lead_a
):
    sign_in(page, live_server.url, talent_lead_a.email)
    page.set_viewport_size({"width": 400, "height": 900})
    page.goto(f"{live_server.url}/")

    # js-enabled.js and init.js ran: the header's "More" menu is shown and opens.
    assert "js-enabled" in page.evaluate("() => document.body.className")
    more = page.locator("#toggle-menu")
    sync_api.expect(more).to_be_visible()
    more.click()
    sync_api.expect(more).to_have_attribute("aria-expanded", "true")
    check(page, "home-narrow-menu-open", screenshot=False)


def test_swagger_ui_runs_under_the_content_security_policy(
    page, live_server, talent_lead_a
):
    sign_in(page, live_server.url, talent_lead_a.email)
    page.goto(f"{live_server.url}/api/docs/")

    sync_api.expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert (
        page.locator(".swagger-ui .info .title")
        .inner_text()
        .startswith("Clinical Leadership Pathways API")
    )
    assert not page.blocked, page.blocked
