"""Report runs: hand-computed workforce figures, idempotent tasks, readable failures."""

import datetime as dt

import pytest

from careers.models import Level, Profession
from leadership.models import EthnicCategory, Organisation
from reports import runs
from reports.models import ReportKind, ReportRun, RunStatus, WorkforceHeadcount
from reports.tasks import run_report

pytestmark = pytest.mark.django_db

OLD = dt.date(2025, 3, 31)
NEW = dt.date(2026, 3, 31)


def cell(
    org: str, date: dt.date, profession: str, rank: int, n: int
) -> WorkforceHeadcount:
    return WorkforceHeadcount.objects.create(
        organisation=Organisation.objects.get(ods_code=org),
        snapshot_date=date,
        profession=Profession.objects.get(code=profession),
        level=Level.objects.get(rank=rank),
        sex="F",
        ethnic_category=EthnicCategory.objects.get(code="A"),
        disability="N",
        headcount=n,
    )


@pytest.fixture
def workforce():
    # Manchester (R0A, region Y62): an old and a new snapshot; only the new one counts.
    cell("R0A", OLD, "nursing", 2, 999)
    cell("R0A", NEW, "nursing", 2, 100)
    cell("R0A", NEW, "nursing", 9, 1)
    cell("R0A", NEW, "physiotherapy", 2, 20)
    cell("R0A", NEW, "occupational-therapy", 6, 3)
    # Another North West trust whose latest snapshot is the old one.
    cell("RBT", OLD, "medicine", 5, 40)
    # A London trust outside Y62.
    cell("RJ1", NEW, "nursing", 2, 500)


def test_region_summary_uses_each_bodys_latest_snapshot(workforce):
    run = runs.report_run_request(
        kind=ReportKind.WORKFORCE_SUMMARY,
        organisation=Organisation.objects.get(ods_code="Y62"),
        as_of=dt.date(2026, 6, 1),
    )
    run_report(
        run.pk
    )  # eager in tests; on_commit does not fire inside the test transaction
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert run.progress == 100
    result = run.result
    assert result["organisations"] == 2
    assert result["total"] == 100 + 1 + 20 + 3 + 40
    rows = {r["profession_group"]: r for r in result["rows"]}
    assert rows["nursing"]["by_level"] == {"2": 100, "9": 1}
    assert rows["ahp"]["by_level"] == {"2": 20, "6": 3}
    assert rows["ahp"]["total"] == 23
    assert rows["medical"]["by_level"] == {"5": 40}


def test_as_of_before_the_new_snapshot_reads_the_old_one(workforce):
    run = runs.report_run_request(
        kind=ReportKind.WORKFORCE_SUMMARY,
        organisation=Organisation.objects.get(ods_code="R0A"),
        as_of=dt.date(2025, 12, 31),
    )
    run_report(run.pk)
    run.refresh_from_db()
    assert run.result["total"] == 999


def test_asking_twice_while_queued_returns_the_same_run(workforce):
    scope = Organisation.objects.get(ods_code="R0A")
    first = runs.report_run_request(
        kind=ReportKind.WORKFORCE_SUMMARY, organisation=scope
    )
    second = runs.report_run_request(
        kind=ReportKind.WORKFORCE_SUMMARY, organisation=scope
    )
    assert first.pk == second.pk
    assert ReportRun.objects.count() == 1


def test_a_repeated_task_does_not_build_twice(workforce):
    run = runs.report_run_request(
        kind=ReportKind.WORKFORCE_SUMMARY,
        organisation=Organisation.objects.get(ods_code="R0A"),
    )
    assert run_report(run.pk) == "succeeded"
    assert run_report(run.pk) == "skipped"
    run.refresh_from_db()
    assert run.attempts == 1


def test_a_failing_builder_marks_the_run_failed_with_its_reason(workforce, monkeypatch):
    from reports import builders

    def broken(**kwargs):
        raise ValueError("no snapshot table")

    monkeypatch.setitem(builders.BUILDERS, ReportKind.WORKFORCE_SUMMARY, broken)
    run = runs.report_run_request(
        kind=ReportKind.WORKFORCE_SUMMARY,
        organisation=Organisation.objects.get(ods_code="R0A"),
    )
    assert run_report(run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "ValueError: no snapshot table"
    assert run.finished_at is not None
