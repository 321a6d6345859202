"""A worker killed in the middle of a report: the task comes back and builds it once.

The run's task is acknowledged late and rejected (so requeued) when its worker process
is lost; a whole worker lost leaves it unacknowledged in Redis, which delivers it again
after the visibility timeout. Either way the same task arrives again and takes over
the run the dead attempt left "running". To catch the build mid-way without changing
the product, the test holds a lock on the workforce table, so the real task blocks in
its "latest workforce snapshot" stage until the test lets it go.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg2
import pytest
from django.db import connection, transaction
from django.utils import timezone

from leadership.models import Organisation
from reports import runs
from reports.builders.ceiling import build_ceiling
from reports.models import ReportKind, ReportResult, ReportRun, RunStatus
from reports.tasks import run_report
from reports.tests.factories import AS_OF, cell, manchester_board
from tests.celery_fixtures import CeleryWorker
from tests.faults.processes import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.slow]

BLOCKED_STAGE = "Finding each organisation's latest workforce snapshot"
VISIBILITY_TIMEOUT = 2  # seconds, for the worker that picks up a lost worker's task


class TableLock:
    """An ACCESS EXCLUSIVE lock on a table, held from another connection."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.connection = psycopg2.connect(**connection.get_connection_params())

    def waiters(self) -> int:
        """Connections waiting for the lock: builds blocked in their query."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks"
                " WHERE relation = %s::regclass AND NOT granted",
                [self.table],
            )
            return cursor.fetchone()[0]


@contextmanager
def workforce_locked() -> Iterator[TableLock]:
    lock = TableLock("reports_workforceheadcount")
    try:
        with lock.connection.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE reports_workforceheadcount IN ACCESS EXCLUSIVE MODE"
            )
        yield lock
    finally:
        lock.connection.rollback()  # releases the lock
        lock.connection.close()


@pytest.fixture
def manchester_workforce(private_broker) -> None:
    manchester_board()
    cell("R0A", "nursing", 2, 100)
    cell("R0A", "nursing", 9, 1)
    cell("R0A", "physiotherapy", 2, 20)


@pytest.fixture
def no_eager_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the task runs in this process instead of a worker."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("run_report ran in the test process, not the worker")

    monkeypatch.setattr(run_report, "apply", refuse)
    monkeypatch.setattr(run_report, "run", refuse)


def request_ceiling() -> ReportRun:
    """Request the report in a committed transaction, so its task is published."""
    with transaction.atomic():
        run = runs.report_run_request(
            kind=ReportKind.CEILING,
            organisation=Organisation.objects.get(ods_code="R0A"),
            as_of=AS_OF,
        )
    assert run.status == RunStatus.QUEUED
    return run


def blocked_in_build(
    run: ReportRun, lock: TableLock, attempt: int
) -> Callable[[], bool]:
    def check() -> bool:
        run.refresh_from_db()
        return (
            run.status == RunStatus.RUNNING
            and run.attempts == attempt
            and run.stage == BLOCKED_STAGE
            and lock.waiters() >= attempt
        )

    return check


def assert_built_once(run: ReportRun, *, attempts: int) -> None:
    wait_for(
        lambda: ReportRun.objects.get(pk=run.pk).is_finished,
        timeout=60,
        what=f"run {run.pk} to finish",
    )
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert (run.attempts, run.progress, run.error) == (attempts, 100, "")
    assert ReportRun.objects.filter(kind=ReportKind.CEILING).count() == 1
    kept = ReportResult.objects.get(
        kind=ReportKind.CEILING, organisation=run.organisation
    )
    assert kept.run_id == run.pk and kept.as_of == AS_OF
    # The same report an undisturbed build of the same data gives.
    assert kept.result == build_ceiling(
        scope=run.organisation, as_of=AS_OF, progress=lambda percent, stage: None
    )


def test_a_report_whose_worker_process_is_killed_is_built_once_by_the_redelivery(
    start_worker: Callable[..., CeleryWorker],
    manchester_workforce: None,
    no_eager_path: None,
):
    worker = start_worker()
    with workforce_locked() as lock:
        run = request_ceiling()
        wait_for(blocked_in_build(run, lock, 1), timeout=30, what="the build to start")
        [child] = worker.pool_pids()

        os.kill(child, signal.SIGKILL)

        # The pool replaces the process, the task is requeued and delivered again,
        # and it takes the run over: a second attempt, blocked at the same stage.
        wait_for(blocked_in_build(run, lock, 2), timeout=30, what="the redelivery")
        assert worker.pool_pids() != [child]
    assert_built_once(run, attempts=2)
    log = worker.log()
    assert "WorkerLostError" in log and "signal 9" in log
    assert "delivered again after its worker was lost" in log


def test_a_report_whose_whole_worker_is_killed_is_built_by_the_next_worker(
    start_worker: Callable[..., CeleryWorker],
    manchester_workforce: None,
    no_eager_path: None,
):
    first = start_worker()
    with workforce_locked() as lock:
        run = request_ceiling()
        wait_for(blocked_in_build(run, lock, 1), timeout=30, what="the build to start")

        # The node is lost: the worker and its pool die together, nothing is acked
        # or rejected, and the message stays unacknowledged in Redis.
        os.killpg(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)

        # A worker started later gives back messages unacknowledged for longer than
        # the visibility timeout (short here; an hour by default) and runs them. It
        # looks as it starts, then only every 100 s: start it once the message (taken
        # just before the run started) is older than the timeout.
        past_timeout = run.started_at + dt.timedelta(seconds=VISIBILITY_TIMEOUT + 0.5)
        time.sleep(max(0.0, (past_timeout - timezone.now()).total_seconds()))
        second = start_worker(CELERY_BROKER_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
        wait_for(blocked_in_build(run, lock, 2), timeout=40, what="the redelivery")
    assert_built_once(run, attempts=2)
    assert "delivered again after its worker was lost" in second.log()
