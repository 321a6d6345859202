"""What every browser journey shares: two browser contexts, screenshots and axe-core.

A journey drives the product as a person would, in headless Chromium against the live
server. Every page it visits is saved as a full-page screenshot under
artifacts/screenshots/<journey>/NN-name.png and checked with axe-core (WCAG 2.2 AA,
serious and critical violations fail), with the helpers of tests/test_accessibility.py.

Forms and tables are also used from a second context with JavaScript switched off.
axe-core cannot run in such a page (it needs timers), so a page seen without JavaScript
is audited as a copy of its document as that browser built it (<noscript> content
parsed, scripts left unrun) served to a JavaScript-enabled audit page.

Importing this module skips (or, under CI, fails) like tests/test_accessibility.py
where Chromium or axe-core is missing.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests import test_accessibility as a11y

SCREENSHOTS = a11y.SCREENSHOTS
TIMEOUT_MS = 15_000  # any single wait; a journey waiting longer has failed
expect.set_options(timeout=TIMEOUT_MS)  # the same for assertions (default 5 s)

# The module-scoped Chromium of tests/test_accessibility.py.
browser = a11y.browser

# The document as a browser without JavaScript built it, ready to serve to another page.
SNAPSHOT_JS = """() => {
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll("script").forEach((s) => s.remove());
  root.querySelectorAll("noscript").forEach((n) => n.replaceWith(...n.childNodes));
  return "<!DOCTYPE html>" + root.outerHTML;
}"""


class Journey:
    """One person's journey: a page with JavaScript, one without, numbered shots."""

    def __init__(self, name: str, browser: Any, base_url: str) -> None:
        self.name = name
        self.base_url = base_url
        self.browser = browser
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.seen: list[str] = []
        self._contexts: list[Any] = []
        self.page = self._new_page(java_script_enabled=True)
        self._nojs: Any = None
        self._audit: Any = None

    def _new_page(self, *, java_script_enabled: bool, storage_state: Any = None) -> Any:
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 900},
            java_script_enabled=java_script_enabled,
            accept_downloads=True,
            storage_state=storage_state,
        )
        context.set_default_timeout(TIMEOUT_MS)
        self._contexts.append(context)
        page = context.new_page()
        a11y.watch_for_blocked_code(page)
        return page

    @property
    def nojs(self) -> Any:
        """The same person in a second browser context with JavaScript switched off.

        It starts with the first context's cookies (already signed in), so the
        journey's forms are used without JavaScript without signing in twice.
        """
        if self._nojs is None:
            self._nojs = self._new_page(
                java_script_enabled=False,
                storage_state=self.page.context.storage_state(),
            )
        return self._nojs

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def see(self, page: Any, label: str) -> None:
        """Screenshot the page as NN-label.png and fail on a serious axe violation."""
        page.wait_for_load_state()
        without_js = page is self._nojs
        if without_js:
            label = f"nojs-{label}"
        number = len(self.seen) + 1
        name = f"{number:02d}-{label}"
        self.seen.append(name)
        page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)
        where = f"{self.name}/{name} at {page.url}"
        assert not page.blocked, f"{where}: {page.blocked}"
        if without_js:
            self._audit_copy(page, where)
        else:
            a11y.check(page, where, screenshot=False)

    def _audit_copy(self, page: Any, where: str) -> None:
        html = page.evaluate(SNAPSHOT_JS)
        url = page.url.split("#")[0]
        if self._audit is None:
            self._audit = self._new_page(java_script_enabled=True)

        def same_url(candidate: str) -> bool:
            return candidate.split("#")[0] == url

        def serve(route: Any) -> None:
            route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            )

        self._audit.route(same_url, serve)
        try:
            self._audit.goto(url)
            a11y.check(self._audit, f"{where} (without JavaScript)", screenshot=False)
        finally:
            self._audit.unroute(same_url, serve)

    def sign_in(self, page: Any, email: str, path: str) -> None:
        """Open `path`, get sent to the login page (itself checked), sign in and land
        back on the page asked for; the caller checks that page."""
        page.goto(self.url(path))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        self.see(page, "sign-in")
        page.fill("#id_username", email)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        expect(page).not_to_have_url(re.compile("/accounts/login/"))

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def journey(browser: Any, live_server: Any) -> Iterator[Callable[[str], Journey]]:
    """Start journeys by name; their browser contexts close when the test ends."""
    started: list[Journey] = []

    def start(name: str) -> Journey:
        started.append(Journey(name, browser, live_server.url))
        return started[-1]

    yield start
    for j in started:
        j.close()
