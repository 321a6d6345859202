"""Report tasks: one kept result per date, stuck runs swept, monthly fan-out, retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from leadership.models import Organisation
from reports import runs
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


def test_a_run_the_broker_missed_is_queued_again_by_the_sweep(manchester):
    run = runs.report_run_request(kind=ReportKind.CEILING, organisation=manchester)
    ReportRun.objects.filter(pk=run.pk).update(
        stage=runs.QUEUE_UNAVAILABLE,
        created_at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert sweep_stuck_runs()["requeued"] == 1
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED  # eager: the requeued task ran


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
