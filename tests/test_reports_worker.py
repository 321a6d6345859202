"""Ceiling and board-diversity reports end to end through a real Celery worker and Redis.

Marked celery_worker: they run in CI and skip locally without REDIS_URL and PostgreSQL.
The run is requested through the API as a board member would, the worker (another
process) builds it, and the kept result and the API's suppressed view are checked.
"""

from __future__ import annotations

import time

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from reports.models import ReportResult, ReportRun, RunStatus
from reports.tasks import run_report
from reports.tests.factories import AS_OF, cell, manchester_board
from tests.celery_fixtures import CeleryWorker

pytestmark = pytest.mark.celery_worker


def wait_until_finished(run_id: int, timeout: float = 90.0) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if run.is_finished:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} still {run.status} ({run.stage!r})")


@pytest.fixture
def no_eager_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("run_report ran in the test process, not the worker")

    monkeypatch.setattr(run_report, "apply", refuse)
    monkeypatch.setattr(run_report, "run", refuse)


def test_worker_builds_board_diversity_requested_through_the_api(
    celery_worker_process: CeleryWorker, make_user, no_eager_path: None
):
    manchester_board()
    cell("R0A", "nursing", 2, 60, sex="F", ethnic="A", disability="N")
    cell("R0A", "nursing", 2, 40, sex="M", ethnic="H", disability="Y")
    board_member = make_user("board.worker@example.nhs.uk", Role.BOARD_MEMBER, "R0A")
    outsider = make_user("icb.worker@example.nhs.uk", Role.TALENT_LEAD, "QOP")
    client = APIClient()
    client.force_authenticate(board_member)

    response = client.post(
        "/api/reports/runs/",
        {"kind": "board-diversity", "organisation": "R0A", "as_of": AS_OF.isoformat()},
        format="json",
    )
    assert response.status_code == 202, response.json()
    run = wait_until_finished(response.json()["id"])

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert (run.attempts, run.progress) == (1, 100)
    kept = ReportResult.objects.get(
        kind="board-diversity", organisation__ods_code="R0A"
    )
    assert kept.run_id == run.pk and kept.as_of == AS_OF
    assert kept.result["seats"]["total"] == 5
    assert kept.result["workforce_total"] == 100
    # The board member reads exact figures; an outsider gets them suppressed.
    own = client.get(f"/api/reports/runs/{run.pk}/").json()["result"]
    assert own["seats"]["total"] == 5
    client.force_authenticate(outsider)
    other = client.get(f"/api/reports/runs/{run.pk}/").json()["result"]
    assert other["seats"]["total"] == "*"
    # Delivered again (a retry, a redelivery), the task changes nothing.
    assert run_report.delay(run.pk).get(timeout=60) == "skipped"
    assert ReportRun.objects.get(pk=run.pk).attempts == 1
