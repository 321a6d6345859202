"""Self-nomination: a clinician puts themselves forward for an entry level."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.roles import TALENT_READERS
from accounts.scoping import ScopedQuerySet

STATEMENT_MAX = 1500


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class NominationQuerySet(ScopedQuerySet):
    """The home organisation's talent lead decides; the clinician sees their own."""

    scope_field = "organisation"
    scope_roles = TALENT_READERS
    owner_field = "person__user"


class Nomination(models.Model):
    person = models.ForeignKey(
        "leadership.Person", on_delete=models.CASCADE, related_name="nominations"
    )
    organisation = models.ForeignKey(
        "leadership.Organisation",
        on_delete=models.PROTECT,
        related_name="talent_nominations",
        help_text="The clinician's home organisation, whose talent lead decides.",
    )
    entry_level = models.ForeignKey(
        "talent.EntryLevel", on_delete=models.PROTECT, related_name="nominations"
    )
    statement = models.TextField(max_length=STATEMENT_MAX)
    status = models.CharField(
        max_length=12,
        choices=NominationStatus.choices,
        default=NominationStatus.SUBMITTED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    profile = models.ForeignKey(
        "talent.TalentProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="submitted"),
                name="talent_nomination_one_open_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.entry_level}"
