"""Journey: a board member requests the board-diversity report and downloads it.

Manchester's board and workforce are on record (reports.tests.factories). The board
member refreshes the reports; a real Celery worker (tests/celery_fixtures.py, its own
queue) builds them on the test database while the progress page polls and moves the
bar; the dashboard then shows the charts and their tables, and the board paper comes
down as a PDF. Without JavaScript the progress page shows the status and a link, and
the request form still works. Marked celery_worker too: it needs PostgreSQL and Redis.
Screenshots: artifacts/screenshots/reports/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import Role
from conftest import TRUST_A
from leadership.models import Organisation
from reports.models import ReportKind, ReportResult
from reports.tests.factories import cell, manchester_board
from tests.celery_fixtures import CeleryWorker
from tests.e2e import harness

browser = harness.browser
journey = harness.journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def board_member(reference_data: None, make_user: Any) -> User:
    """A board member of Manchester, whose board and workforce are on record."""
    manchester_board()  # five seats: three executive, two non-executive
    cell(TRUST_A, "nursing", 2, 300)
    cell(TRUST_A, "nursing", 5, 40, sex="M", ethnic="H")
    cell(TRUST_A, "physiotherapy", 6, 1)
    return make_user(
        "olu.bankole@example.nhs.uk",
        Role.BOARD_MEMBER,
        TRUST_A,
        full_name="Olu Bankole",
    )


@contextmanager
def board_diversity_held(as_of: dt.date) -> Iterator[None]:
    """Hold a board-diversity build for Manchester at its last stage until the block ends.

    The worker stores a finished result in one transaction (run marked succeeded, result
    kept). While this block holds that result's row (locked, or inserted and not yet
    committed, so the worker's insert waits on the unique index), the worker waits
    there, and every reader sees the run at 95%, "Assembling the result": the progress
    page can be seen mid-build without racing the worker. Nothing is mocked; leaving
    the block rolls back and lets the worker finish.
    """
    slot = {
        "kind": ReportKind.BOARD_DIVERSITY,
        "organisation": Organisation.objects.get(ods_code=TRUST_A),
        "as_of": as_of,
    }
    with transaction.atomic():
        # Lock the result's row only: no join, so the organisation stays unlocked.
        kept = ReportResult.objects.select_for_update(of=("self",)).filter(**slot)
        if kept.first() is None:
            ReportResult.objects.create(**slot, result={}, built_at=timezone.now())
        yield
        transaction.set_rollback(True)


def run_status(page: Any, kind: str) -> Any:
    """One run's block on the progress page, found by its label."""
    return page.locator(".app-run").filter(has=page.get_by_text(kind))


@pytest.mark.celery_worker
def test_board_member_requests_the_board_diversity_report_and_downloads_it(
    journey, board_member, celery_worker_process: CeleryWorker
):
    today = timezone.localdate()
    on = f"{today.day} {today:%B %Y}"
    j = journey("reports")
    page = j.page
    j.sign_in(page, board_member.email, "/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who is missing from the table: Manchester University NHS Foundation Trust"
    )
    expect(page.get_by_text("No board-diversity report has been built")).to_be_visible()
    j.see(page, "dashboard-before")

    with board_diversity_held(today):
        page.get_by_role("button", name="Refresh the reports").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Building the reports"
        )
        board = run_status(page, f"Board diversity report at {on}")
        expect(board.locator("progress")).to_have_count(1)
        page.evaluate("() => { window.stillTheSamePage = true; }")
        # The page polls the run's progress and moves the bar without reloading.
        expect(board.locator("[data-field=stage]")).to_have_text(
            "Assembling the result", timeout=60_000
        )
        expect(board.locator("progress")).to_have_attribute("value", "95")
        expect(board.locator("[data-field=status]")).to_have_text("Running")
        assert page.evaluate("() => window.stillTheSamePage") is True
        j.see(page, "progress-95")

        # Without JavaScript the page shows the same status and a link, no refresh.
        nojs = j.nojs
        nojs.goto(j.url(f"/reports/{TRUST_A}/progress/"))
        board = run_status(nojs, f"Board diversity report at {on}")
        expect(board).to_contain_text("Running: 95% - Assembling the result")
        expect(board.locator("progress")).to_have_attribute("value", "95")
        expect(nojs.locator("meta[http-equiv=refresh]")).to_have_count(0)
        j.see(nojs, "progress-95")

    # Let go: the worker finishes and the page opens the dashboard by itself.
    page.wait_for_url(j.url(f"/reports/{TRUST_A}/"), timeout=60_000)
    expect(page.get_by_text("No board-diversity report has been built")).to_have_count(
        0
    )
    for chart in (
        "Ceiling by profession",
        "Board voting members against the workforce",
    ):
        expect(page.get_by_role("img", name=re.compile(f"^{chart}"))).to_be_visible()
    expect_board_tables(page)
    j.see(page, "dashboard-with-reports")

    link = page.locator("#board ~ p").get_by_role("link", name="board paper (PDF)")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    filename = f"board-diversity-{TRUST_A}-{today.isoformat()}.pdf"
    assert download.suggested_filename == filename
    with open(download.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]
    assert len(content) > 1000
    response = page.request.get(j.url(link.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{filename}"'
    )

    # Without JavaScript: the finished status, the tables, and the request form.
    nojs.get_by_role("link", name="Check progress again").click()
    expect(nojs.get_by_role("heading", level=1)).to_have_text("Reports ready")
    j.see(nojs, "reports-ready")
    nojs.get_by_role("link", name="View the reports").click()
    expect_board_tables(nojs)
    j.see(nojs, "dashboard-with-reports")
    with board_diversity_held(today):
        nojs.get_by_role("button", name="Refresh the reports").click()
        expect(nojs.get_by_role("heading", level=1)).to_have_text(
            "Building the reports"
        )
        expect(run_status(nojs, f"Board diversity report at {on}")).to_contain_text(
            re.compile(r"(Queued|Running): \d+%")
        )
        j.see(nojs, "progress-requested")
        page.goto(j.url(f"/reports/{TRUST_A}/progress/"))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Building the reports"
        )
        j.see(page, "progress-second-run")
    page.wait_for_url(j.url(f"/reports/{TRUST_A}/"), timeout=60_000)
    expect_board_tables(page)
    j.see(page, "dashboard-after-second-run")


def expect_board_tables(page: Any) -> None:
    """The table alternatives to the charts, with the board's real figures."""
    demographics = page.get_by_role(
        "table",
        name="Board members against the workforce, by sex, ethnicity and disability",
    )
    expect(demographics.locator("tbody tr")).to_have_count(9)  # 3 measures x 3 groups
    women_voting = demographics.locator("tbody tr").nth(1)
    expect(women_voting.get_by_role("rowheader")).to_have_text("Women")
    expect(women_voting.get_by_role("cell")).to_have_text(
        # who, board share, workforce share, gap (pp), declared, not declared, declared
        ["Voting members", "75%", "88.3%", "-13.3", "100%", "0", "100%"]
    )
    seats = page.get_by_role("table", name="Seats").locator("tbody tr").last
    expect(seats.get_by_role("cell")).to_have_text(["4", "1", "5"])  # voting, not, all
    ceiling = page.get_by_role(
        "table", name=re.compile("^Staff by profession and level")
    )
    expect(ceiling.locator("tbody tr").last.get_by_role("cell")).to_have_text(
        ["0", "300", "0", "0", "40", "1", "0", "0", "2", "1", "344"]  # L1-L10, total
    )
