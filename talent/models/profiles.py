"""The national talent programme: entry levels and the profiles that join people to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from django.db import models
from django.db.models import CharField, Q, Value
from simple_history.models import HistoricalRecords

from accounts.roles import TALENT_READERS
from accounts.scoping import ScopedQuerySet, is_national, organisation_q, scope_paths


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

    def next_level(self) -> EntryLevel | None:
        """The entry level a profile progresses to from this one (None at the top)."""
        return EntryLevel.objects.filter(order__gt=self.order).order_by("order").first()


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


@dataclass(frozen=True)
class TalentScope:
    """What a user's talent scope resolves to, in one query per call.

    Resolving organisations, the user's own person and the profiles placed with the
    user's organisations to ids up front lets every visibility test be a plain
    condition on the profile's own columns (index scans OR-ed in a bitmap) instead of
    joins OR-ed across three tables. Not cached: a placement that ends must hide the
    profile at once.
    """

    national: bool
    organisation_ids: tuple[int, ...]
    person_ids: tuple[int, ...]
    hosted_profile_ids: tuple[int, ...]


def talent_scope(user: Any) -> TalentScope:
    """Resolve the user's talent scope with one UNION query."""
    from leadership.models import Organisation, Person
    from talent.models.actions import DevelopmentAction

    national = is_national(user, TALENT_READERS)
    paths = scope_paths(user, TALENT_READERS)
    parts = [
        Person.objects.filter(user=user)
        .order_by()
        .values_list("pk", Value("person", output_field=CharField()))
    ]
    if paths:
        parts.append(
            Organisation.objects.filter(organisation_q(user, "", TALENT_READERS))
            .order_by()
            .values_list("pk", Value("organisation", output_field=CharField()))
        )
    if paths and not national:
        parts.append(
            DevelopmentAction.objects.placements()
            .filter(organisation_q(user, "host_organisation", TALENT_READERS))
            .order_by()
            .values_list("profile_id", Value("hosted", output_field=CharField()))
        )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    ids: dict[str, list[int]] = {"person": [], "organisation": [], "hosted": []}
    for pk, kind in rows:
        ids[kind].append(pk)
    return TalentScope(
        national=national,
        organisation_ids=tuple(ids["organisation"]),
        person_ids=tuple(ids["person"]),
        hosted_profile_ids=tuple(sorted(set(ids["hosted"]))),
    )


class TalentProfileQuerySet(ScopedQuerySet):
    """Talent leads see their organisations' profiles, plus profiles placed with them;
    a clinician sees their own.

    A placement (a development action with a host organisation, planned or under way)
    keeps the profile visible to the home organisation's talent lead and makes it
    visible to the host organisation's talent lead too: the multi-organisation approach
    the framework asks for.
    """

    scope_field = "organisation"
    scope_roles = TALENT_READERS
    owner_field = "person__user"

    def visible_to(self, user: Any, scope: TalentScope | None = None) -> Self:
        if not getattr(user, "is_authenticated", False) or not getattr(
            user, "is_active", False
        ):
            return self.none()
        if user.is_superuser:
            return self.all()
        scope = scope or talent_scope(user)
        return self.filter(
            Q(organisation_id__in=scope.organisation_ids)
            | Q(person_id__in=scope.person_ids)
            | Q(pk__in=scope.hosted_profile_ids)
        )

    def not_own(self, user: Any) -> Self:
        """Leave out the user's own profiles (they see those as a clinician would)."""
        return self.exclude(person__user=user)

    def live(self) -> TalentProfileQuerySet:
        return self.filter(deleted_at__isnull=True)

    def in_grid(self) -> TalentProfileQuerySet:
        """Live profiles still on the programme (active or paused), as grids count them."""
        return self.live().filter(
            status__in=[ProfileStatus.ACTIVE, ProfileStatus.PAUSED]
        )


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
    history = HistoricalRecords(excluded_fields=["updated_at"])

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
