"""Talent reviews: performance and potential on three points give the nine-box position.

Both scores are stored; the box is a generated column ((potential - 1) * 3 + performance,
so 1 is low-low and 9 high-high, REFERENCE.md 7.4), so the database can group by it.
Reviews are never overwritten: each one is a dated row, and a person's movement across
the grid is the sequence of their reviews.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from talent.models.scoping import ProfileScopedQuerySet, _signed_in


class Score(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"


PERFORMANCE_LABELS = {1: "Below expectations", 2: "Meets expectations", 3: "Exceeds"}
POTENTIAL_LABELS = {1: "Low potential", 2: "Moderate potential", 3: "High potential"}
# REFERENCE.md 7.4: the NHS box names are unverified, so labels are a setting.
DEFAULT_NINE_BOX_LABELS = {
    1: "Underperformer",
    2: "Inconsistent performer",
    3: "Solid performer",
    4: "Emerging talent",
    5: "Key contributor",
    6: "High performer",
    7: "Rough diamond",
    8: "Future leader",
    9: "Exceptional talent",
}


def nine_box_labels() -> dict[int, str]:
    return {
        **DEFAULT_NINE_BOX_LABELS,
        **getattr(settings, "TALENT_NINE_BOX_LABELS", {}),
    }


def nine_box(performance: int, potential: int) -> int:
    """The box number for two scores, the same formula as the generated column."""
    return (potential - 1) * 3 + performance


class Readiness(models.TextChoices):
    READY_NOW = "now", "Ready now"
    ONE_TO_TWO = "1-2", "Ready in 1-2 years"
    THREE_PLUS = "3+", "Ready in 3+ years"


class LeadershipDimension(models.TextChoices):
    """The NHS Healthcare Leadership Model's nine dimensions (REFERENCE.md 7.1)."""

    INSPIRING_SHARED_PURPOSE = "inspiring-shared-purpose", "Inspiring shared purpose"
    LEADING_WITH_CARE = "leading-with-care", "Leading with care"
    EVALUATING_INFORMATION = "evaluating-information", "Evaluating information"
    CONNECTING_OUR_SERVICE = "connecting-our-service", "Connecting our service"
    SHARING_THE_VISION = "sharing-the-vision", "Sharing the vision"
    ENGAGING_THE_TEAM = "engaging-the-team", "Engaging the team"
    HOLDING_TO_ACCOUNT = "holding-to-account", "Holding to account"
    DEVELOPING_CAPABILITY = "developing-capability", "Developing capability"
    INFLUENCING_FOR_RESULTS = "influencing-for-results", "Influencing for results"


class TalentReviewQuerySet(ProfileScopedQuerySet):
    """Talent leads in scope see every review; the clinician only those shared with them.

    A talent lead who is on the programme themselves sees their own reviews only as a
    clinician would: notes private to the talent lead are about them.
    """

    def visible_to(self, user: Any) -> Self:
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        from talent.models.profiles import TalentProfile, talent_scope

        scope = talent_scope(user)
        own = scope.person_ids
        led = TalentProfile.objects.visible_to(user, scope).exclude(person_id__in=own)
        return self.filter(
            Q(profile__in=led.values("pk"))
            | Q(profile__person_id__in=own, shared_with_clinician=True)
        )

    def latest_first(self) -> TalentReviewQuerySet:
        return self.order_by("-reviewed_on", "-id")


class TalentReview(models.Model):
    """One dated talent conversation about a profile."""

    profile = models.ForeignKey(
        "talent.TalentProfile", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    performance = models.PositiveSmallIntegerField(choices=Score.choices)
    potential = models.PositiveSmallIntegerField(choices=Score.choices)
    nine_box = models.GeneratedField(
        expression=(F("potential") - 1) * 3 + F("performance"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    readiness = models.CharField(max_length=3, choices=Readiness.choices)
    strengths = models.JSONField(default=list, blank=True)
    development_needs = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    notes_private = models.BooleanField(
        "Notes private to the talent lead",
        default=True,
        help_text="The clinician never sees private notes, even on a shared review.",
    )
    shared_with_clinician = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TalentReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        indexes = [
            # "Latest review per profile" is one index-only probe per profile: the
            # box and readiness ride along (INCLUDE, PostgreSQL only).
            models.Index(
                fields=["profile", "-reviewed_on", "-id"],
                include=["nine_box", "readiness"],
                name="talent_review_latest",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(performance__gte=1, performance__lte=3),
                name="talent_review_performance_1_to_3",
            ),
            models.CheckConstraint(
                condition=Q(potential__gte=1, potential__lte=3),
                name="talent_review_potential_1_to_3",
            ),
            models.CheckConstraint(
                condition=Q(readiness__in=["now", "1-2", "3+"]),
                name="talent_review_readiness_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} on {self.reviewed_on}: box {self.box}"

    @property
    def box(self) -> int:
        """The box number, also before the row is saved (the column is generated)."""
        return nine_box(self.performance, self.potential)

    @property
    def box_label(self) -> str:
        return nine_box_labels()[self.box]

    def strength_labels(self) -> list[str]:
        return [LeadershipDimension(c).label for c in self.strengths]

    def development_need_labels(self) -> list[str]:
        return [LeadershipDimension(c).label for c in self.development_needs]
