"""Services for report runs: request one, carry it through its states, keep its result.

A subject of its own beside reports/services/ (workforce writes and imports). A finished
run's result is also kept as the one ReportResult for its kind, scope and date, which
dashboards and trends read; a later run for the same date replaces it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from leadership.models import Organisation
from reports.models import ReportKind, ReportResult, ReportRun, RunStatus

logger = logging.getLogger(__name__)

STUCK_GRACE_SECONDS = 60
QUEUE_UNAVAILABLE = (
    "Queued: the report queue is unavailable, it will start when it returns"
)


def report_run_request(
    *,
    kind: str,
    organisation: Organisation,
    as_of: dt.date | None = None,
    requested_by: Any = None,
) -> ReportRun:
    """Create a run and queue its task after commit; reuse one already queued or running.

    Asking twice for the same report, scope and date while the first is in flight returns
    the first run, so double clicks and retries never build the same report twice.
    """
    if kind not in ReportKind.values:
        raise ValueError(f"Unknown report kind {kind!r}")
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        in_flight = (
            ReportRun.objects.select_for_update()
            .filter(
                kind=kind,
                organisation=organisation,
                as_of=as_of,
                status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
            )
            .first()
        )
        if in_flight is not None:
            return in_flight
        run = ReportRun.objects.create(
            kind=kind,
            organisation=organisation,
            as_of=as_of,
            requested_by=requested_by,
            stage="Waiting for a worker",
        )
        transaction.on_commit(lambda: report_run_enqueue(run_id=run.pk))
    return run


def report_run_enqueue(*, run_id: int) -> bool:
    """Send the run's task to the broker; if the broker is down, say so on the run."""
    from reports.tasks import run_report

    try:
        run_report.apply_async(args=[run_id], retry=False)
    except (KombuOperationalError, ConnectionError, OSError) as exc:
        logger.warning("Report run %s could not be queued: %s", run_id, exc)
        ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            stage=QUEUE_UNAVAILABLE
        )
        return False
    return True


def report_run_progress(*, run_id: int, percent: int, stage: str) -> None:
    """Record how far a running report has got (one UPDATE, no read)."""
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress=max(0, min(100, percent)), stage=stage[:200]
    )


def report_run_start(*, run_id: int) -> ReportRun | None:
    """Claim a queued run for this worker; None if it is already running or finished.

    The row lock makes a redelivered task (acks late) a no-op instead of a second build.
    """
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status != RunStatus.QUEUED:
            return None
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.attempts += 1
        run.progress = 0
        run.stage = "Starting"
        run.save(
            update_fields=["status", "started_at", "attempts", "progress", "stage"]
        )
        return run


@transaction.atomic
def report_run_finish(*, run_id: int, result: dict[str, Any]) -> None:
    """Store the result, mark the run finished, and replace the kept result for its date."""
    now = timezone.now()
    ReportRun.objects.filter(pk=run_id).update(
        status=RunStatus.SUCCEEDED,
        result=result,
        progress=100,
        stage="Finished",
        error="",
        finished_at=now,
    )
    run = ReportRun.objects.only("kind", "organisation_id", "as_of").get(pk=run_id)
    ReportResult.objects.update_or_create(
        kind=run.kind,
        organisation_id=run.organisation_id,
        as_of=run.as_of,
        defaults={"result": result, "run_id": run_id, "built_at": now},
    )


def report_run_fail(*, run_id: int, reason: str) -> None:
    """Mark the run failed with a reason a person can read."""
    ReportRun.objects.filter(pk=run_id).update(
        status=RunStatus.FAILED,
        stage="Failed",
        error=reason[:2000] or "Unknown error",
        finished_at=timezone.now(),
    )


def report_run_requeue(*, run_id: int) -> None:
    """Put a run that hit a transient error back in the queue for its retry."""
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        status=RunStatus.QUEUED, stage="Retrying after a temporary error"
    )


STUCK_REASON = (
    "The worker stopped before the report finished (no result {seconds} seconds after "
    "it started, past the time limit). Request the report again."
)


def report_runs_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Fail runs left running past the hard time limit; requeue runs the broker missed.

    A worker killed mid-build (out of memory, a deploy, a lost node) never reaches its
    own failure handler, so without this sweep the run would show "running" forever.
    """
    now = now or timezone.now()
    limit = int(settings.CELERY_TASK_TIME_LIMIT) + STUCK_GRACE_SECONDS
    stuck = ReportRun.objects.filter(
        status=RunStatus.RUNNING, started_at__lt=now - dt.timedelta(seconds=limit)
    )
    failed = stuck.update(
        status=RunStatus.FAILED,
        stage="Failed",
        error=STUCK_REASON.format(seconds=limit),
        finished_at=now,
    )
    requeued = 0
    waiting = ReportRun.objects.filter(
        status=RunStatus.QUEUED,
        stage=QUEUE_UNAVAILABLE,
        created_at__lt=now - dt.timedelta(seconds=60),
    ).values_list("pk", flat=True)
    for run_id in list(waiting[:500]):
        if report_run_enqueue(run_id=run_id):
            ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
                stage="Waiting for a worker"
            )
            requeued += 1
    return {"failed": failed, "requeued": requeued}
