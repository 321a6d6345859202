"""Report runs through a real Celery worker and Redis, and /readyz against the broker.

These run in CI (CI set) and skip locally without REDIS_URL and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.db import transaction

from careers.models import Level, Profession
from config.celery_app import app
from leadership.models import EthnicCategory, Organisation
from reports import runs
from reports.models import ReportKind, ReportRun, RunStatus, WorkforceHeadcount
from reports.tasks import run_report
from tests.celery_fixtures import CeleryWorker

pytestmark = pytest.mark.celery_worker

SNAPSHOT = dt.date(2026, 3, 31)
BUILT = re.compile(r"Task reports\.run_report\[[0-9a-f-]+\] succeeded in .*'succeeded'")
DEAD_BROKER = "redis://127.0.0.1:6390/0"  # nothing listens here


def cell(org: str, profession: str, rank: int, n: int) -> None:
    WorkforceHeadcount.objects.create(
        organisation=Organisation.objects.get(ods_code=org),
        snapshot_date=SNAPSHOT,
        profession=Profession.objects.get(code=profession),
        level=Level.objects.get(rank=rank),
        sex="F",
        ethnic_category=EthnicCategory.objects.get(code="A"),
        disability="N",
        headcount=n,
    )


def wait_for_log(worker: CeleryWorker, pattern: re.Pattern[str]) -> bool:
    """The worker logs a task's outcome just after its last write; allow it a moment."""
    deadline = time.monotonic() + 10
    while not pattern.search(worker.log()):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def wait_until_finished(run: ReportRun, timeout: float = 60.0) -> ReportRun:
    """Poll the committed row the worker writes to, up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            return run
        time.sleep(0.2)
    raise AssertionError(
        f"run {run.pk} still {run.status} ({run.stage!r}) after {timeout:.0f}s"
    )


@pytest.fixture
def manchester_workforce(celery_worker_process: CeleryWorker) -> Organisation:
    # Manchester (R0A): 100 + 1 nurses, 20 + 3 AHPs. Guy's (RJ1) is outside the scope.
    cell("R0A", "nursing", 2, 100)
    cell("R0A", "nursing", 9, 1)
    cell("R0A", "physiotherapy", 2, 20)
    cell("R0A", "occupational-therapy", 6, 3)
    cell("RJ1", "nursing", 2, 500)
    return Organisation.objects.get(ods_code="R0A")


@pytest.fixture
def no_eager_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the task is run in this process instead of by the worker."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("run_report ran in the test process, not the worker")

    monkeypatch.setattr(run_report, "apply", refuse)
    monkeypatch.setattr(run_report, "run", refuse)


def request_committed(scope: Organisation) -> ReportRun:
    """Request a run in a transaction that commits, so on_commit publishes the task."""
    with transaction.atomic():
        run = runs.report_run_request(
            kind=ReportKind.WORKFORCE_SUMMARY,
            organisation=scope,
            as_of=dt.date(2026, 6, 1),
        )
        assert run.status == RunStatus.QUEUED
    return run


def test_worker_builds_a_requested_report_after_commit(
    celery_worker_process: CeleryWorker,
    manchester_workforce: Organisation,
    no_eager_path: None,
):
    run = wait_until_finished(request_committed(manchester_workforce))

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 1
    assert run.progress == 100
    assert run.started_at is not None and run.finished_at is not None
    assert run.result["scope"] == "R0A"
    assert run.result["organisations"] == 1
    assert run.result["total"] == 124
    rows = {r["profession_group"]: r for r in run.result["rows"]}
    assert rows["nursing"]["by_level"] == {"2": 100, "9": 1}
    assert rows["ahp"]["by_level"] == {"2": 20, "6": 3}
    assert rows["ahp"]["total"] == 23
    # The worker, not this process, ran it: its log records the task and its outcome.
    assert wait_for_log(celery_worker_process, BUILT)


def test_sending_the_task_again_changes_nothing(
    celery_worker_process: CeleryWorker,
    manchester_workforce: Organisation,
    no_eager_path: None,
):
    run = wait_until_finished(request_committed(manchester_workforce))
    assert run.status == RunStatus.SUCCEEDED, run.error
    first_result, first_finished = run.result, run.finished_at

    # The same task for the same run, delivered twice more (a retry, a redelivery).
    again = [run_report.delay(run.pk), run_report.delay(run.pk)]

    assert [r.get(timeout=60) for r in again] == ["skipped", "skipped"]
    run.refresh_from_db()
    assert run.attempts == 1
    assert run.result == first_result
    assert run.finished_at == first_finished
    assert ReportRun.objects.filter(organisation=manchester_workforce).count() == 1


@pytest.fixture
def broker(redis_url: str, settings) -> str:
    """Health checks against a real broker: non-eager, restoring the app's broker URL."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = app.conf.broker_url
    yield redis_url
    app.conf.broker_url = saved


@pytest.mark.django_db
def test_readyz_answers_200_when_the_broker_answers(client, broker: str):
    app.conf.broker_url = broker

    response = client.get("/readyz")

    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_broker_when_it_is_down(client, broker: str):
    app.conf.broker_url = DEAD_BROKER

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] != "ok"
