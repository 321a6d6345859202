"""Workforce composition: the denominator every ceiling and diversity report divides by.

Rows are aggregated headcounts, never individual staff: one row per organisation, snapshot
date, profession, grade and demographic group with at least one member of staff.
"""

from __future__ import annotations

from django.db import models

from accounts.roles import BOARD_READERS
from accounts.scoping import ScopedQuerySet
from leadership.models import Disability, Sex


class WorkforceQuerySet(ScopedQuerySet):
    scope_field = "organisation"
    scope_roles = BOARD_READERS


class WorkforceHeadcount(models.Model):
    """Headcount of staff sharing one combination of organisation, date and dimensions."""

    organisation = models.ForeignKey(
        "leadership.Organisation", on_delete=models.PROTECT, related_name="workforce"
    )
    snapshot_date = models.DateField()
    profession = models.ForeignKey(
        "careers.Profession", on_delete=models.PROTECT, related_name="+"
    )
    grade = models.ForeignKey(
        "careers.Grade",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        "careers.Level", on_delete=models.PROTECT, related_name="+"
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    ethnic_category = models.ForeignKey(
        "leadership.EthnicCategory", on_delete=models.PROTECT, related_name="+"
    )
    disability = models.CharField(max_length=1, choices=Disability.choices, blank=True)
    headcount = models.PositiveIntegerField()

    objects = WorkforceQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "snapshot_date"]),
            models.Index(fields=["snapshot_date", "profession", "level"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gt=0), name="workforce_headcount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.snapshot_date}: {self.headcount}"
