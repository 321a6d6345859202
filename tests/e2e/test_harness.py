"""The journeys' harness itself (tests/e2e/harness.py): a check that can fail."""

from __future__ import annotations

import pytest

from tests.e2e import harness

browser = harness.browser
journey = harness.journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_page_seen_without_javascript_is_audited_as_that_browser_built_it(journey):
    """Guard the guard: <noscript> content counts, so a timed refresh there fails."""
    j = journey("harness-guard")
    url = j.url("/no-javascript-guard/")
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>Guard</title>'
        '<noscript><meta http-equiv="refresh" content="30"></noscript></head>'
        "<body><main><h1>Guard</h1></main></body></html>"
    )
    j.nojs.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    j.nojs.goto(url)
    with pytest.raises(AssertionError, match="meta-refresh"):
        j.see(j.nojs, "timed-refresh")
