"""Cohorts: an intake of profiles to a programme, run by a region (or nation, ICB, trust)."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.roles import TALENT_READERS
from accounts.scoping import ScopedQuerySet, scope_paths
from talent.models.scoping import ProfileScopedQuerySet, _signed_in


def ancestor_paths(path: str) -> list[str]:
    """ "/ENG/Y62/QOP/R0A/" -> ["/ENG/", "/ENG/Y62/", "/ENG/Y62/QOP/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]


class CohortQuerySet(ScopedQuerySet):
    """A talent lead sees cohorts run at, above or beneath their organisations.

    A trust's talent lead sees the region's intake (to put people forward), but only
    their own profiles within it: memberships follow the profile's visibility.
    """

    scope_field = "region"
    scope_roles = TALENT_READERS

    def visible_to(self, user: Any) -> Self:
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        q = Q(pk__in=[])
        for path in scope_paths(user, self.scope_roles):
            q |= Q(region__path__startswith=path) | Q(
                region__path__in=ancestor_paths(path)
            )
        return self.filter(q)


class Cohort(models.Model):
    """One intake: a programme, the region running it, a year and its dates."""

    name = models.CharField(max_length=200)
    programme = models.CharField(
        max_length=200, help_text="e.g. Rosalind Franklin, regional aspiring directors"
    )
    region = models.ForeignKey(
        "leadership.Organisation",
        on_delete=models.PROTECT,
        related_name="talent_cohorts",
        help_text="The body running the intake: usually a region.",
    )
    year = models.PositiveSmallIntegerField()
    entry_level = models.ForeignKey(
        "talent.EntryLevel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    profiles = models.ManyToManyField(
        "talent.TalentProfile", through="CohortMembership", related_name="cohorts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "region", "year"], name="talent_cohort_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="talent_cohort_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="talent_cohort_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CohortMembership(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships"
    )
    profile = models.ForeignKey(
        "talent.TalentProfile",
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
    )
    added_on = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProfileScopedQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "profile"], name="talent_cohort_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} in {self.cohort_id}"
