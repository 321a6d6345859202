"""The national talent programme: entry levels and the profiles that join people to it."""

from __future__ import annotations

from django.db import models

from accounts.roles import TALENT_READERS
from accounts.scoping import ScopedQuerySet


class EntryLevel(models.Model):
    """An ordered entry point to the programme, fed by some levels of the ladder."""

    order = models.PositiveSmallIntegerField(unique=True)
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    who_for = models.TextField(blank=True)
    feeder_levels = models.ManyToManyField(
        "careers.Level", blank=True, related_name="entry_levels"
    )

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class IdentifiedBy(models.TextChoices):
    SELF = "self_nominated", "Self-nominated"
    LINE_MANAGER = "line_manager", "Line manager"
    TALENT_REVIEW = "talent_review", "Talent review"
    PROGRAMME = "programme", "Programme (e.g. clinical fellowship)"


class ProfileStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    LEFT = "left", "Left the programme"
    APPOINTED = "appointed", "Appointed"


class TalentProfileQuerySet(ScopedQuerySet):
    """Talent leads see their organisations' profiles; a clinician sees their own."""

    scope_field = "organisation"
    scope_roles = TALENT_READERS
    owner_field = "person__user"

    def live(self) -> TalentProfileQuerySet:
        return self.filter(deleted_at__isnull=True)


class TalentProfile(models.Model):
    """A person's place in the talent programme, held by their home organisation."""

    person = models.ForeignKey(
        "leadership.Person", on_delete=models.CASCADE, related_name="talent_profiles"
    )
    organisation = models.ForeignKey(
        "leadership.Organisation",
        on_delete=models.PROTECT,
        related_name="talent_profiles",
    )
    entry_level = models.ForeignKey(
        EntryLevel, on_delete=models.PROTECT, related_name="profiles"
    )
    profession = models.ForeignKey(
        "careers.Profession", on_delete=models.PROTECT, related_name="talent_profiles"
    )
    identified_by = models.CharField(max_length=32, choices=IdentifiedBy.choices)
    status = models.CharField(
        max_length=16, choices=ProfileStatus.choices, default=ProfileStatus.ACTIVE
    )
    sponsor = models.ForeignKey(
        "leadership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_profiles",
    )
    mentor = models.ForeignKey(
        "leadership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_profiles",
    )
    target_role = models.ForeignKey(
        "careers.Role",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aspiring_profiles",
    )
    target_horizon_years = models.PositiveSmallIntegerField(null=True, blank=True)
    willing_to_move_organisation = models.BooleanField(default=False)
    willing_to_move_region = models.BooleanField(default=False)
    joined_on = models.DateField()
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TalentProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_on", "id"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=models.Q(deleted_at__isnull=True),
                name="talent_profile_one_live_per_person_and_org",
            ),
            models.CheckConstraint(
                condition=models.Q(target_horizon_years__isnull=True)
                | models.Q(target_horizon_years__lte=20),
                name="talent_profile_horizon_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.entry_level})"
