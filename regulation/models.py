"""Professional regulators, their structured registration rules and guidance articles.

Rules are stored as data (a kind plus typed parameters), not only as prose, so the
keep-my-registration checker and the return-to-practice planner compute their answers
from them; every rule carries the public source it was read from and the date it was
last checked against that source (REFERENCE.md section 6).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Regulator(models.Model):
    """A statutory professional regulator, or the authority that oversees them (PSA)."""

    code = models.SlugField(
        max_length=16, unique=True, help_text="Short code, e.g. GMC."
    )
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    oversees_regulators = models.BooleanField(
        default=False, help_text="True for the Professional Standards Authority."
    )
    has_licence_to_practise = models.BooleanField(
        default=False,
        help_text="The regulator grants a licence separate from registration (the GMC).",
    )
    cycle_summary = models.TextField(
        blank=True, help_text="Renewal or revalidation cycle in one paragraph."
    )
    revalidation_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Years between revalidations or renewals."
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Topic(models.TextChoices):
    REGISTRATION = "registration", "Registration and renewal"
    REVALIDATION = "revalidation", "Revalidation"
    CPD = "cpd", "Continuing professional development"
    PRACTICE_HOURS = "practice_hours", "Practice hours and leadership work"
    RELINQUISH = "relinquish", "Relinquishing a licence or registration"
    RETURN = "return_to_practice", "Return to practice"
    FITNESS = "fitness_to_practise", "Fitness to practise"


class RuleKind(models.TextChoices):
    """What a rule decides; each kind has its own parameters (RULE_PARAMS)."""

    RENEWAL = "renewal", "Renewal of registration"
    REVALIDATION = "revalidation", "Revalidation"
    LEADERSHIP_PRACTICE = "leadership_practice", "Whether leadership work counts"
    PRACTICE_HOURS = "practice_hours", "Practice hours"
    CPD = "cpd", "CPD"
    LICENCE = "licence", "Licence to practise"
    RETURN = "return_to_practice", "Return to practice"
    FITNESS = "fitness_to_practise", "Fitness to practise for managers"


# Parameters each kind must carry: the checker and planner read exactly these keys.
RULE_PARAMS: dict[str, frozenset[str]] = {
    RuleKind.RENEWAL: frozenset({"every_months"}),
    RuleKind.REVALIDATION: frozenset({"every_years", "submit_months_before"}),
    RuleKind.LEADERSHIP_PRACTICE: frozenset({"counts"}),
    RuleKind.PRACTICE_HOURS: frozenset({"hours", "years"}),
    RuleKind.CPD: frozenset({"requirement"}),
    RuleKind.LICENCE: frozenset({"separate_licence", "can_relinquish"}),
    RuleKind.RETURN: frozenset({"mode"}),
    RuleKind.FITNESS: frozenset({"applies_to_managers"}),
}
RETURN_MODES = frozenset(
    {
        "updating_days",
        "hours_window",
        "licence_restoration",
        "restoration_window",
        "cpd_record",
        "ask_regulator",
    }
)


class RegulatorRule(models.Model):
    """One structured rule of a regulator, with its source and when it was checked."""

    regulator = models.ForeignKey(
        Regulator, on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(max_length=24, choices=RuleKind.choices)
    topic = models.CharField(max_length=24, choices=Topic.choices)
    statement = models.TextField(help_text="The rule in plain English.")
    params = models.JSONField(default=dict, blank=True)
    source_url = models.URLField(max_length=500)
    last_checked = models.DateField()

    class Meta:
        ordering = ["regulator__code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulator", "kind"], name="regulator_rule_one_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(source_url=""), name="regulator_rule_has_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulator.code}: {self.get_kind_display()}"

    def clean(self) -> None:
        params: dict[str, Any] = self.params if isinstance(self.params, dict) else {}
        missing = RULE_PARAMS.get(self.kind, frozenset()) - set(params)
        if missing:
            raise ValidationError(
                {
                    "params": ValidationError(
                        f"Missing parameters: {', '.join(sorted(missing))}.",
                        code="rule_params_missing",
                    )
                }
            )
        if self.kind == RuleKind.RETURN and params["mode"] not in RETURN_MODES:
            raise ValidationError(
                {
                    "params": ValidationError(
                        f"Unknown return-to-practice mode {params['mode']!r}.",
                        code="rule_mode_unknown",
                    )
                }
            )


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class GuidanceArticleQuerySet(models.QuerySet):
    def published(self) -> GuidanceArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED)


class GuidanceArticle(models.Model):
    """Guidance for clinicians in or moving to senior roles, per regulator and topic."""

    slug = models.SlugField(max_length=120, unique=True)
    regulator = models.ForeignKey(
        Regulator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Empty for guidance about every regulator.",
    )
    topic = models.CharField(max_length=24, choices=Topic.choices)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400)
    body = models.TextField(help_text="Paragraphs separated by a blank line.")
    source_url = models.URLField(max_length=500, blank=True)
    last_checked = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    reviewed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuidanceArticleQuerySet.as_manager()

    class Meta:
        ordering = ["regulator__code", "topic", "title"]
        indexes = [models.Index(fields=["regulator", "topic", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
