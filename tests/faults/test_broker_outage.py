"""Redis hangs, then dies, while people use the service: nothing lost, all else serves.

The app (in this process, pointed at a private Redis as its broker, result store and
cache, tasks not eager) keeps answering every page; a report requested during the
outage is saved and the page says it will start when background processing is back.
A real worker and beat, on the same private Redis, finish it once Redis returns: the
beat's sweep sends the runs the broker did not take.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from reports import runs
from reports.models import ReportResult, ReportRun, RunStatus
from reports.tasks import run_report
from reports.tests.factories import AS_OF, cell, manchester_board
from tests.celery_fixtures import CeleryWorker
from tests.faults.processes import CeleryBeat, PrivateRedis, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.slow]

# The main pages of each app, and the API, for a national admin (who may see all).
PAGES = [
    "/",
    "/accounts/profile/",
    "/leaders/",
    "/leaders/statistics/",
    "/organisations/",
    "/organisations/R0A/",
    "/talent/",
    "/talent/profiles/",
    "/careers/",
    "/careers/roles/",
    "/careers/pathways/",
    "/regulation/",
    "/regulation/guidance/",
    "/reports/R0A/",
    "/api/reports/runs/",
    "/api/leadership/leaders/",
    "/admin/",
    "/healthz",
]
# No page may wait on a dead broker: the connection is refused at once, and opening
# one is retried for about half a second. A hung one holds each publish for the
# broker's socket timeout (2 s), so asking for two reports takes a few seconds.
QUICK = 5.0
HUNG = 15.0


def get_quickly(client: Client, path: str, limit: float = QUICK, **params: str):
    started = time.monotonic()
    response = client.get(path, params)
    elapsed = time.monotonic() - started
    assert elapsed < limit, f"{path} took {elapsed:.1f}s"
    return response


def every_page_serves(client: Client, limit: float) -> None:
    for path in PAGES:
        response = get_quickly(client, path, limit)
        assert response.status_code == 200, f"{path}: {response.status_code}"
    ready = get_quickly(client, "/readyz", limit)
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "ok"
    assert ready.json()["checks"]["broker"] != "ok"


@pytest.fixture
def no_eager_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the task runs in this process instead of the worker."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("run_report ran in the test process, not the worker")

    monkeypatch.setattr(run_report, "apply", refuse)
    monkeypatch.setattr(run_report, "run", refuse)


def test_reports_requested_while_redis_hangs_or_is_down_are_built_when_it_returns(
    private_broker: PrivateRedis,
    start_worker: Callable[..., CeleryWorker],
    start_beat: Callable[..., CeleryBeat],
    national_admin: User,
    client: Client,
    no_eager_path: None,
):
    manchester_board()
    cell("R0A", "nursing", 2, 100)
    worker = start_worker()
    beat = start_beat(REPORTS_SWEEP_SECONDS="1")
    client.force_login(national_admin)
    assert client.get("/readyz").status_code == 200

    private_broker.freeze()

    # The refresh button: the runs are saved, and the page says what happens next.
    started = time.monotonic()
    response = client.post("/reports/R0A/refresh/")
    assert time.monotonic() - started < HUNG
    assert response.status_code == 302
    assert response["Location"] == "/reports/R0A/progress/"
    requested = list(ReportRun.objects.filter(organisation__ods_code="R0A"))
    assert len(requested) == 2
    assert all(r.is_waiting_for_broker for r in requested)
    page = get_quickly(client, "/reports/R0A/progress/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Background processing is unavailable" in html
    assert "It will start by itself when background processing is back" in html
    assert 'id="queue-unavailable" hidden' not in html
    state = get_quickly(client, "/reports/R0A/progress/", format="json").json()
    assert state["queue_unavailable"] is True
    assert {r["status"] for r in state["runs"]} == {RunStatus.QUEUED}
    assert {r["stage"] for r in state["runs"]} == {runs.QUEUE_UNAVAILABLE}
    dashboard = get_quickly(client, "/reports/R0A/").content.decode()
    assert "will start when background processing is back" in dashboard
    every_page_serves(client, HUNG)

    private_broker.kill()  # and then it dies

    # The API's request: accepted, and saying the same.
    started = time.monotonic()
    response = client.post(
        "/api/reports/runs/",
        {"kind": "ceiling", "organisation": "R0A", "as_of": AS_OF.isoformat()},
        content_type="application/json",
    )
    assert time.monotonic() - started < QUICK
    assert response.status_code == 202, response.content
    assert response.json()["stage"] == runs.QUEUE_UNAVAILABLE

    # Every other page still serves; readiness names the broker.
    every_page_serves(client, QUICK)

    private_broker.start()  # Redis is back, empty (no persistence), on its port

    # The worker reconnects, beat's sweep sends the three runs, the worker builds
    # them; nobody asks again.
    def all_built() -> bool:
        return not ReportRun.objects.exclude(status=RunStatus.SUCCEEDED).exists()

    wait_for(all_built, timeout=60, what="the runs to be built", every=0.5)
    built = list(ReportRun.objects.all())
    assert len(built) == 3
    assert all(r.attempts == 1 and r.enqueued_at is not None for r in built)
    assert ReportResult.objects.count() == 3  # two for today, one for AS_OF
    assert get_quickly(client, "/readyz").status_code == 200
    html = get_quickly(client, "/reports/R0A/progress/").content.decode()
    assert "Reports ready" in html
    assert 'id="queue-unavailable" hidden' in html
    # The sweep sent them, from beat's schedule, on the worker.
    assert "Sending due task reports-sweep-stuck-runs" in beat.log()
    sent = [int(n) for n in re.findall(r"'requeued': (\d+)", worker.log())]
    assert sum(sent) == 3, worker.log()
