"""Celery tasks for reports: they take ids, re-fetch, and call services."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from leadership.models import Appointment, Organisation, OrganisationKind
from reports import runs
from reports.builders import BUILDERS
from reports.models import ReportKind, WorkforceHeadcount

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (DatabaseOperationalError,)
MAX_RETRIES = 5
# The reports every organisation gets each month.
MONTHLY_KINDS = (ReportKind.CEILING, ReportKind.BOARD_DIVERSITY)


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
    run = runs.report_run_start(run_id=run_id, task_id=self.request.id or "")
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


def report_scopes() -> list[int]:
    """Ids of the bodies that get monthly reports: the nation, regions, and every open
    ICB or trust with a workforce snapshot or a board seat."""
    has_data = Exists(
        WorkforceHeadcount.objects.filter(organisation=OuterRef("pk"))
    ) | Exists(Appointment.objects.board().filter(organisation=OuterRef("pk")))
    return list(
        Organisation.objects.filter(closed_on__isnull=True)
        .filter(
            Q(kind__in=[OrganisationKind.NATION, OrganisationKind.REGION]) | has_data
        )
        .order_by("depth", "path")
        .values_list("pk", flat=True)
    )


# Each task sets a soft limit within its hard one: left to CELERY_TASK_SOFT_TIME_LIMIT
# (540 s) it would exceed a shorter hard limit, and Celery refuses to send it at all.
@shared_task(
    name="reports.regenerate_all", acks_late=True, soft_time_limit=240, time_limit=300
)
def regenerate_all(as_of: str | None = None) -> int:
    """Fan out one task per organisation, so several workers share the month's reports."""
    day = as_of or timezone.localdate().isoformat()
    scopes = report_scopes()
    for organisation_id in scopes:
        regenerate_organisation.delay_on_commit(organisation_id, day)
    return len(scopes)


@shared_task(
    name="reports.regenerate_organisation",
    acks_late=True,
    soft_time_limit=60,
    time_limit=120,
)
def regenerate_organisation(organisation_id: int, as_of: str) -> list[int]:
    """Request this body's monthly reports; a repeat reuses the runs still in flight."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return []
    day = dt.date.fromisoformat(as_of)
    return [
        runs.report_run_request(kind=kind, organisation=organisation, as_of=day).pk
        for kind in MONTHLY_KINDS
    ]


@shared_task(
    name="reports.sweep_stuck_runs", acks_late=True, soft_time_limit=90, time_limit=120
)
def sweep_stuck_runs() -> dict[str, int]:
    """Fail runs a lost worker left running; send runs the broker could not take."""
    return runs.report_runs_sweep()
