"""Workforce composition: the denominator every ceiling and diversity report divides by.

Rows are aggregated headcounts, never individual staff: one row per organisation, snapshot
date, profession, grade and demographic group with at least one member of staff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.roles import BOARD_READERS
from accounts.scoping import ScopedQuerySet
from leadership.models import Disability, Sex


class WorkforceQuerySet(ScopedQuerySet):
    scope_field = "organisation"
    scope_roles = BOARD_READERS


class WorkforceHeadcount(models.Model):
    """Headcount of staff sharing one combination of organisation, date and dimensions.

    A fact table written whole, 340,000 rows for the national snapshot, only by
    reports.services.workforce_snapshot_replace, which checks every id against the
    reference tables (a set of distinct values per column). So its foreign keys are
    not database constraints: PostgreSQL checks those one row at a time, a query per
    key per row, which was four fifths of the import's time. Deleting a referenced
    row is still refused (on_delete=PROTECT, enforced by Django). Every report reads
    rows by organisation and date (reports.builders.common; the nation's query joins
    its organisations), so one index serves: each index costs the write of a snapshot
    about a third of its time, and one by date (and profession and level) made no
    report faster (bench/workforce_import.py, docs/data-formats.md).
    """

    organisation = models.ForeignKey(
        "leadership.Organisation",
        on_delete=models.PROTECT,
        related_name="workforce",
        db_index=False,  # (organisation, snapshot_date) serves
        db_constraint=False,
    )
    snapshot_date = models.DateField()
    profession = models.ForeignKey(
        "careers.Profession",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    grade = models.ForeignKey(
        "careers.Grade",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    level = models.ForeignKey(
        "careers.Level",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    ethnic_category = models.ForeignKey(
        "leadership.EthnicCategory",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    disability = models.CharField(max_length=1, choices=Disability.choices, blank=True)
    headcount = models.PositiveIntegerField()

    objects = WorkforceQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "snapshot_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gt=0), name="workforce_headcount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.snapshot_date}: {self.headcount}"


class ReportKind(models.TextChoices):
    WORKFORCE_SUMMARY = "workforce-summary", "Workforce summary"
    CEILING = "ceiling", "Ceiling report"
    BOARD_DIVERSITY = "board-diversity", "Board diversity report"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class ReportRunQuerySet(ScopedQuerySet):
    scope_field = "organisation"
    scope_roles = BOARD_READERS


class ReportRun(models.Model):
    """One request to build a report for a scope (an organisation, region or nation) and date.

    The Celery task that builds it records its progress here, so a page can show a progress
    bar and a run can never be left "running" without a reason.
    """

    kind = models.CharField(max_length=32, choices=ReportKind.choices)
    organisation = models.ForeignKey(
        "leadership.Organisation",
        on_delete=models.PROTECT,
        related_name="report_runs",
        help_text="The scope: a trust, an ICB, a region or the nation.",
    )
    as_of = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_runs",
    )
    status = models.CharField(
        max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the broker last accepted the run's task; empty while it could "
        "not (the sweep sends it again).",
    )
    task_id = models.CharField(
        max_length=255,
        blank=True,
        help_text="The Celery task that claimed the run. The same task redelivered "
        "after its worker was lost takes the run over.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind", "organisation", "as_of", "status"]),
            # The sweep's two questions (queued but never sent; running too long) read
            # only the few runs in flight.
            models.Index(
                fields=["status", "created_at"],
                condition=models.Q(status__in=["queued", "running"]),
                name="report_run_in_flight",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_run_progress_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(error=""),
                name="report_run_failure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.organisation} at {self.as_of}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)

    @property
    def is_waiting_for_broker(self) -> bool:
        """Queued, but the broker has not accepted its task yet (it is down)."""
        return self.status == RunStatus.QUEUED and self.enqueued_at is None


class ReportResultQuerySet(ScopedQuerySet):
    scope_field = "organisation"
    scope_roles = BOARD_READERS


class ReportResult(models.Model):
    """The latest result of one report for one scope and date: the points of a trend.

    Runs come and go (every refresh is a run); a result is kept once per kind, scope
    and date, so rebuilding the same report for the same date replaces it and a board
    sees one point per date over time. Stored unsuppressed; reports.presenters applies
    the small-number rule for each reader.
    """

    kind = models.CharField(max_length=32, choices=ReportKind.choices)
    organisation = models.ForeignKey(
        "leadership.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField()
    run = models.ForeignKey(
        ReportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.JSONField()
    built_at = models.DateTimeField()

    objects = ReportResultQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "organisation", "as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "organisation", "as_of"],
                name="report_result_one_per_kind_scope_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.organisation} at {self.as_of}"
