"""Report tasks: one kept result per date, stuck runs swept, monthly fan-out, retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from leadership.models import Organisation
from reports import checks, runs
from reports.models import ReportKind, ReportResult, ReportRun, RunStatus
from reports.tasks import regenerate_all, report_scopes, run_report, sweep_stuck_runs
from reports.tests.factories import AS_OF, cell, manchester_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def manchester():
    manchester_board()
    cell("R0A", "nursing", 2, 100)
    return Organisation.objects.get(ods_code="R0A")


def build(kind: str, scope: Organisation, as_of: dt.date = AS_OF) -> ReportRun:
    run = runs.report_run_request(kind=kind, organisation=scope, as_of=as_of)
    run_report(run.pk)
    run.refresh_from_db()
    return run


def test_the_same_scope_and_date_replace_one_kept_result(manchester):
    first = build(ReportKind.CEILING, manchester)
    cell("R0A", "physiotherapy", 2, 30)
    second = build(ReportKind.CEILING, manchester)
    assert first.pk != second.pk
    kept = ReportResult.objects.get(kind=ReportKind.CEILING, organisation=manchester)
    assert kept.run_id == second.pk
    assert {p["code"] for p in kept.result["professions"]} >= {"physiotherapy"}
    # Another date is another point of the trend.
    build(ReportKind.CEILING, manchester, dt.date(2026, 7, 1))
    dates = ReportResult.objects.filter(organisation=manchester).values_list(
        "as_of", flat=True
    )
    assert sorted(dates) == [AS_OF, dt.date(2026, 7, 1)]


def test_a_run_left_running_past_the_time_limit_is_failed_with_a_reason(
    manchester, settings
):
    settings.CELERY_TASK_TIME_LIMIT = 600
    stuck = runs.report_run_request(kind=ReportKind.CEILING, organisation=manchester)
    recent = runs.report_run_request(
        kind=ReportKind.BOARD_DIVERSITY, organisation=manchester
    )
    now = timezone.now()
    ReportRun.objects.filter(pk=stuck.pk).update(
        status=RunStatus.RUNNING, started_at=now - dt.timedelta(seconds=661)
    )
    ReportRun.objects.filter(pk=recent.pk).update(
        status=RunStatus.RUNNING, started_at=now - dt.timedelta(seconds=300)
    )
    assert sweep_stuck_runs() == {"failed": 1, "requeued": 0}
    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == RunStatus.FAILED
    assert "time limit" in stuck.error and stuck.finished_at is not None
    assert recent.status == RunStatus.RUNNING


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The broker refuses every task, as kombu reports a Redis that is not there."""
    refused: list[int] = []

    def refuse(args, **kwargs):
        refused.append(args[0])
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(run_report, "apply_async", refuse)
    return refused


def test_a_run_the_broker_refused_is_saved_unsent_and_says_so(
    manchester, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.report_run_request(kind=ReportKind.CEILING, organisation=manchester)
    run.refresh_from_db()
    assert broker_down == [run.pk]
    assert run.status == RunStatus.QUEUED
    assert run.enqueued_at is None and run.is_waiting_for_broker
    assert run.stage == runs.QUEUE_UNAVAILABLE
    # Asking again reuses the run and tries the broker again at once.
    with django_capture_on_commit_callbacks(execute=True):
        again = runs.report_run_request(
            kind=ReportKind.CEILING, organisation=manchester
        )
    assert again.pk == run.pk and broker_down == [run.pk, run.pk]


def test_the_sweep_sends_a_run_the_broker_refused_once_it_is_back(
    manchester, broker_down, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.report_run_request(kind=ReportKind.CEILING, organisation=manchester)
    # Within the grace the request's own send may still be on its way: left alone.
    assert runs.report_runs_sweep()["requeued"] == 0
    later = timezone.now() + dt.timedelta(seconds=runs.ENQUEUE_GRACE_SECONDS + 1)
    # Still down: the sweep tries, and leaves the run unsent for the next sweep.
    assert runs.report_runs_sweep(now=later)["requeued"] == 0
    assert broker_down == [run.pk, run.pk]
    monkeypatch.undo()  # the broker is back (eager here: the task runs in-process)

    assert runs.report_runs_sweep(now=later) == {"failed": 0, "requeued": 1}
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert run.enqueued_at is not None and run.attempts == 1


def test_the_sweep_sends_again_a_run_accepted_but_never_started(manchester):
    sent = runs.report_run_request(kind=ReportKind.CEILING, organisation=manchester)
    fresh = runs.report_run_request(
        kind=ReportKind.BOARD_DIVERSITY, organisation=manchester
    )
    now = timezone.now()
    old = now - dt.timedelta(seconds=runs.RESEND_AFTER_SECONDS + 1)
    ReportRun.objects.filter(pk=sent.pk).update(enqueued_at=old, created_at=old)
    ReportRun.objects.filter(pk=fresh.pk).update(
        enqueued_at=now, created_at=now - dt.timedelta(minutes=5)
    )

    assert runs.report_runs_sweep() == {"failed": 0, "requeued": 1}
    sent.refresh_from_db()
    fresh.refresh_from_db()
    assert sent.status == RunStatus.SUCCEEDED
    assert fresh.status == RunStatus.QUEUED


def test_the_same_task_delivered_again_takes_over_the_run_its_lost_worker_left(
    manchester,
):
    run = runs.report_run_request(kind=ReportKind.CEILING, organisation=manchester)
    assert runs.report_run_start(run_id=run.pk, task_id="task-1") is not None
    # Another task for the same run (the sweep sent it again) leaves it alone...
    assert runs.report_run_start(run_id=run.pk, task_id="task-2") is None
    # ...but the same task delivered again means its worker was lost: take it over.
    again = runs.report_run_start(run_id=run.pk, task_id="task-1")
    assert again is not None
    assert (again.status, again.attempts, again.task_id) == (
        RunStatus.RUNNING,
        2,
        "task-1",
    )
    runs.report_run_finish(run_id=run.pk, result={"ok": True})
    # Finished, it is never claimed again, by any task.
    assert runs.report_run_start(run_id=run.pk, task_id="task-1") is None
    assert ReportResult.objects.filter(kind=ReportKind.CEILING).count() == 1


def test_a_run_whose_worker_keeps_dying_is_failed_not_retried_for_ever(manchester):
    run = runs.report_run_request(kind=ReportKind.CEILING, organisation=manchester)
    for _ in range(runs.MAX_ATTEMPTS):
        assert runs.report_run_start(run_id=run.pk, task_id="task-1") is not None

    assert runs.report_run_start(run_id=run.pk, task_id="task-1") is None
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.attempts == runs.MAX_ATTEMPTS
    assert f"stopped {runs.MAX_ATTEMPTS} times" in run.error


def test_a_visibility_timeout_within_the_time_limit_fails_the_checks(settings):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    assert checks.visibility_timeout_exceeds_time_limit() == []
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
    errors = checks.visibility_timeout_exceeds_time_limit()
    assert [e.id for e in errors] == ["reports.E001"]


def test_a_transient_database_error_is_retried(manchester, monkeypatch):
    from reports import builders

    real = builders.BUILDERS[ReportKind.CEILING]
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setitem(builders.BUILDERS, ReportKind.CEILING, flaky)
    run = runs.report_run_request(kind=ReportKind.CEILING, organisation=manchester)
    outcome = run_report.apply(args=[run.pk], throw=False)
    # The first attempt put the run back in the queue; the retry (run in-process when
    # eager) claimed it again and finished it.
    assert outcome.state == "SUCCESS"
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert (run.attempts, len(calls)) == (2, 2)


def test_monthly_regeneration_fans_out_one_task_per_organisation(
    manchester, django_capture_on_commit_callbacks
):
    scopes = report_scopes()
    codes = set(
        Organisation.objects.filter(pk__in=scopes).values_list("ods_code", flat=True)
    )
    # The nation, the regions, and the bodies with data (R0A and RJ1 from the board).
    assert {"ENG", "Y62", "R0A", "RJ1"} <= codes
    assert "RBT" not in codes  # no workforce, no board
    with django_capture_on_commit_callbacks(execute=True):
        assert regenerate_all("2026-07-01") == len(scopes)
    assert ReportRun.objects.filter(as_of=dt.date(2026, 7, 1)).count() == 2 * len(
        scopes
    )
    assert not ReportRun.objects.exclude(status=RunStatus.SUCCEEDED).exists()


def test_run_report_command_prints_the_result(manchester, capsys):
    call_command(
        "run_report", "board-diversity", "--scope", "org:R0A", "--date", "2026-06-01"
    )
    out = capsys.readouterr().out
    assert "Boards: 1; seats 5 (voting 4)" in out
    call_command("run_report", "ceiling", "--scope", "region:Y62", "--json")
    assert '"kind": "ceiling"' in capsys.readouterr().out
