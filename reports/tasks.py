"""Celery tasks for reports: they take ids, re-fetch, and call services."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError as DatabaseOperationalError

from reports import runs
from reports.builders import BUILDERS

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (DatabaseOperationalError,)
MAX_RETRIES = 5


@shared_task(
    name="reports.run_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=540,
    time_limit=600,
)
def run_report(self, run_id: int) -> str:
    """Build the report for one run; a redelivered or repeated task does nothing twice."""
    run = runs.report_run_start(run_id=run_id)
    if run is None:
        return "skipped"

    def progress(percent: int, stage: str) -> None:
        runs.report_run_progress(run_id=run_id, percent=percent, stage=stage)

    try:
        result = BUILDERS[run.kind](
            scope=run.organisation, as_of=run.as_of, progress=progress
        )
    except SoftTimeLimitExceeded:
        runs.report_run_fail(
            run_id=run_id, reason="The report took too long and was stopped."
        )
        return "failed"
    except TRANSIENT_ERRORS as exc:
        if self.request.retries < MAX_RETRIES:
            runs.report_run_requeue(run_id=run_id)
            raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
        runs.report_run_fail(run_id=run_id, reason=f"Database unavailable: {exc}")
        return "failed"
    except Exception as exc:
        logger.exception("Report run %s failed", run_id)
        runs.report_run_fail(run_id=run_id, reason=f"{type(exc).__name__}: {exc}")
        return "failed"
    runs.report_run_finish(run_id=run_id, result=result)
    return "succeeded"
