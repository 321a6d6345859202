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
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from leadership.models import Organisation
from reports.models import ReportKind, ReportResult, ReportRun, RunStatus

logger = logging.getLogger(__name__)

STUCK_GRACE_SECONDS = 60
# A run's task is sent after its request commits; the sweep sends it again only when
# that has not worked for this long (a duplicate would be harmless, just wasted).
ENQUEUE_GRACE_SECONDS = 10
# A run the broker accepted but no worker started for this long is sent again, in case
# the message was lost with the broker's data; a duplicate finds the run taken.
RESEND_AFTER_SECONDS = 3600
# A run is tried at most this many times: the first go, retries after temporary errors
# and take-overs after a lost worker. A report that kills its worker every time must
# not loop for ever.
MAX_ATTEMPTS = 6
WAITING = "Waiting for a worker"
QUEUE_UNAVAILABLE = (
    "Queued: background processing is unavailable; the report will start when it "
    "is back"
)
# What publishing raises when the broker is down or unreachable: kombu re-raises the
# transport's connection errors as its OperationalError; the rest are socket errors.
BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError)


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
            if in_flight.enqueued_at is None:
                # Asked again while its task is still unsent (the broker was down):
                # try now rather than wait for the sweep.
                transaction.on_commit(
                    lambda: report_run_enqueue(run_id=in_flight.pk), robust=True
                )
            return in_flight
        run = ReportRun.objects.create(
            kind=kind,
            organisation=organisation,
            as_of=as_of,
            requested_by=requested_by,
            stage=WAITING,
        )
        transaction.on_commit(lambda: report_run_enqueue(run_id=run.pk), robust=True)
    return run


def report_run_enqueue(*, run_id: int) -> bool:
    """Send the run's task to the broker and record when it was accepted.

    If the broker is down the run stays queued, unsent (`enqueued_at` empty), with a
    stage saying so; `report_runs_sweep` sends it when the broker is back. Never
    raises for a broker failure, so a page that requests a report still answers.
    """
    from reports.tasks import run_report

    try:
        # The run's row is its result: nothing reads the task's, so it is neither
        # stored nor subscribed to (which would also wait on Redis when it is down).
        run_report.apply_async(args=[run_id], retry=False, ignore_result=True)
    except BROKER_ERRORS as exc:
        logger.warning("Report run %s could not be queued: %s", run_id, exc)
        ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            stage=QUEUE_UNAVAILABLE, enqueued_at=None
        )
        return False
    ReportRun.objects.filter(pk=run_id).update(
        enqueued_at=timezone.now(),
        stage=Case(
            When(status=RunStatus.QUEUED, stage=QUEUE_UNAVAILABLE, then=Value(WAITING)),
            default=F("stage"),
        ),
    )
    return True


def report_run_progress(*, run_id: int, percent: int, stage: str) -> None:
    """Record how far a running report has got (one UPDATE, no read)."""
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress=max(0, min(100, percent)), stage=stage[:200]
    )


def report_run_start(*, run_id: int, task_id: str = "") -> ReportRun | None:
    """Claim a run for the task `task_id`; None if there is nothing for it to do.

    Under the row lock, so exactly one delivery builds the run:
    - a queued run is claimed;
    - a running run claimed by this same task is taken over: the broker delivers a
      task again only when the worker that had it was lost (acks late, rejected on
      worker loss, or unacknowledged past the visibility timeout, which is longer
      than the hard time limit), so that attempt is dead and would otherwise leave
      the run "running" for ever. Past MAX_ATTEMPTS the run is failed instead;
    - anything else (finished, or running under another task, as when the sweep
      sent a run again) is left alone.
    """
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=run_id)
            .first()
        )
        if run is None:
            return None
        take_over = (
            bool(task_id) and run.status == RunStatus.RUNNING and run.task_id == task_id
        )
        if run.status != RunStatus.QUEUED and not take_over:
            return None
        now = timezone.now()
        if take_over:
            logger.warning(
                "Report run %s: task %s delivered again after its worker was lost "
                "(attempt %s)",
                run_id,
                task_id,
                run.attempts + 1,
            )
            if run.attempts >= MAX_ATTEMPTS:
                run.status = RunStatus.FAILED
                run.stage = "Failed"
                run.error = (
                    f"The worker building this report stopped {run.attempts} times. "
                    "Request the report again; if it keeps failing, report a problem."
                )
                run.finished_at = now
                run.save(update_fields=["status", "stage", "error", "finished_at"])
                return None
        run.status = RunStatus.RUNNING
        run.task_id = task_id
        run.started_at = now
        run.attempts += 1
        run.progress = 0
        run.stage = "Starting again after a worker stopped" if take_over else "Starting"
        run.save(
            update_fields=[
                "status",
                "task_id",
                "started_at",
                "attempts",
                "progress",
                "stage",
            ]
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
        status=RunStatus.QUEUED,
        stage="Retrying after a temporary error",
        enqueued_at=timezone.now(),  # the retry is sent straight after
    )


STUCK_REASON = (
    "The worker stopped before the report finished (no result {seconds} seconds after "
    "it started, past the time limit). Request the report again."
)


def report_runs_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Fail runs left running past the hard time limit; send runs the broker missed.

    A worker killed mid-build and never replaced (out of memory, a lost node) does not
    reach its own failure handler, so without this the run would show "running" for
    ever. A run whose task the broker refused (it was down when the run was
    requested) or lost is sent again; the task's claim makes a duplicate harmless.
    Run by beat every REPORTS_SWEEP_SECONDS.
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
    unsent = (
        ReportRun.objects.filter(status=RunStatus.QUEUED)
        .filter(
            Q(
                enqueued_at__isnull=True,
                created_at__lt=now - dt.timedelta(seconds=ENQUEUE_GRACE_SECONDS),
            )
            | Q(enqueued_at__lt=now - dt.timedelta(seconds=RESEND_AFTER_SECONDS))
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    requeued = 0
    for run_id in list(unsent[:500]):
        if not report_run_enqueue(run_id=run_id):
            break  # the broker is down again: the next sweep carries on
        requeued += 1
    return {"failed": failed, "requeued": requeued}
