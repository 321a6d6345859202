"""Development actions: the in-context experiences the programme is built on.

Placements (secondments, rotations, acting-up, shadowing elsewhere) name a host
organisation; while one is planned or under way the host's talent lead sees the
profile too (TalentProfileQuerySet.visible_to).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from talent.models.scoping import ProfileScopedQuerySet


class ActionKind(models.TextChoices):
    STRETCH = "stretch", "Stretch assignment"
    PROJECT = "project", "Project"
    ACTING_UP = "acting_up", "Acting-up or portfolio role"
    SHADOWING = "shadowing", "Shadowing"
    SECONDMENT = "secondment", "Secondment or rotation across organisations"
    COACHING = "coaching", "Coaching"
    MENTORING = "mentoring", "Mentoring"
    ACTION_LEARNING = "action_learning", "Action learning set"
    FORMAL_PROGRAMME = "programme", "Formal programme or qualification"


# Kinds that may take place in another organisation; a secondment always does.
PLACEMENT_KINDS = frozenset(
    {ActionKind.SECONDMENT, ActionKind.ACTING_UP, ActionKind.SHADOWING}
)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class DevelopmentActionQuerySet(ProfileScopedQuerySet):
    def open(self) -> DevelopmentActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on: dt.date | None = None) -> DevelopmentActionQuerySet:
        """Open actions whose due date has passed."""
        return self.open().filter(due_on__lt=on or dt.date.today())

    def placements(self) -> DevelopmentActionQuerySet:
        """Open actions hosted by another organisation (they widen who sees the profile)."""
        return self.open().filter(host_organisation__isnull=False)


class DevelopmentAction(models.Model):
    """One item on a profile's development plan."""

    profile = models.ForeignKey(
        "talent.TalentProfile", on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        "leadership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_development_actions",
        help_text="Who makes it happen: the clinician, their sponsor or mentor.",
    )
    host_organisation = models.ForeignKey(
        "leadership.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_development_actions",
        help_text="For a placement: the organisation the clinician goes to.",
    )
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    outcome = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DevelopmentActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(
                fields=["host_organisation", "status"],
                condition=Q(host_organisation__isnull=False),
                name="talent_action_placements",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(due_on__gte=models.F("starts_on")),
                name="talent_action_due_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="secondment") | Q(host_organisation__isnull=False),
                name="talent_action_secondment_has_host",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.status in OPEN_STATUSES and self.due_on < (on or dt.date.today())
