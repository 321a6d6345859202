"""Professions, the level ladder every post maps to, grades and the role catalogue.

The ladder is data, not code (REFERENCE.md 1.4 is a convention and trusts differ): every
pay band, medical grade and catalogue role points at one Level, so any two posts in any
profession compare by `Level.rank`.
"""

from django.db import models

from careers.models.publishing import Publishable, PublishStatus


class ProfessionGroup(models.TextChoices):
    MEDICAL = "medical", "Doctors"
    DENTAL = "dental", "Dentists"
    NURSING = "nursing", "Nurses"
    MIDWIFERY = "midwifery", "Midwives"
    AHP = "ahp", "Allied health professionals"
    HEALTHCARE_SCIENCE = "healthcare_science", "Healthcare scientists"
    PHARMACY = "pharmacy", "Pharmacy"
    PSYCHOLOGY = "psychology", "Psychologists"
    SOCIAL_WORK = "social_work", "Social workers"
    OTHER_CLINICAL = "other_clinical", "Other clinical professions"
    NON_CLINICAL = "non_clinical", "Non-clinical backgrounds"


class Profession(models.Model):
    """A profession of registration, or a non-clinical background (finance, HR...)."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    group = models.CharField(max_length=32, choices=ProfessionGroup.choices)
    is_clinical = models.BooleanField(default=True)
    regulator = models.ForeignKey(
        "regulation.Regulator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="professions",
    )
    hcpc_code = models.CharField(max_length=8, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(group="non_clinical") | models.Q(is_clinical=False),
                name="profession_non_clinical_group_not_clinical",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """One rung of the ladder from support roles (rank 1) to chief executive (rank 10)."""

    rank = models.PositiveSmallIntegerField(unique=True)
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_board = models.BooleanField(default=False)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GradeScheme(models.TextChoices):
    AFC = "afc", "Agenda for Change band"
    MEDICAL = "medical", "Medical and dental grade"
    VSM = "vsm", "Very senior manager"


class Grade(models.Model):
    """A pay band or medical grade, mapped to a level of the ladder."""

    scheme = models.CharField(max_length=16, choices=GradeScheme.choices)
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=120)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="grades")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="grade_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class BoardSeat(models.TextChoices):
    NONE = "", "Not a board role"
    EXECUTIVE = "executive", "Executive director"
    NON_EXECUTIVE = "non_executive", "Non-executive director"


class HlmDimension(models.TextChoices):
    """The nine dimensions of the NHS Healthcare Leadership Model (2013)."""

    INSPIRING_SHARED_PURPOSE = "inspiring_shared_purpose", "Inspiring shared purpose"
    LEADING_WITH_CARE = "leading_with_care", "Leading with care"
    EVALUATING_INFORMATION = "evaluating_information", "Evaluating information"
    CONNECTING_OUR_SERVICE = "connecting_our_service", "Connecting our service"
    SHARING_THE_VISION = "sharing_the_vision", "Sharing the vision"
    ENGAGING_THE_TEAM = "engaging_the_team", "Engaging the team"
    HOLDING_TO_ACCOUNT = "holding_to_account", "Holding to account"
    DEVELOPING_CAPABILITY = "developing_capability", "Developing capability"
    INFLUENCING_FOR_RESULTS = "influencing_for_results", "Influencing for results"


class HlmLevel(models.TextChoices):
    """The model's four-point scale, in order."""

    ESSENTIAL = "essential", "Essential"
    PROFICIENT = "proficient", "Proficient"
    STRONG = "strong", "Strong"
    EXEMPLARY = "exemplary", "Exemplary"


class Role(Publishable, models.Model):
    """A role in the catalogue, from frontline clinical posts to the board.

    Other apps create roles too (seeding, imports), so every field added here has a
    default, and a role is published unless an editor drafts it.
    """

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="roles")
    board_seat = models.CharField(
        max_length=16, choices=BoardSeat.choices, blank=True, default=""
    )
    is_clinical_post = models.BooleanField(
        default=False, help_text="A frontline or clinical-practice post."
    )
    clinical_work_usually_continues = models.BooleanField(default=False)
    typical_professions = models.ManyToManyField(
        Profession, blank=True, related_name="typical_roles"
    )
    typical_pay = models.CharField(max_length=80, blank=True)
    purpose = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    responsibilities = models.JSONField(
        default=list, blank=True, help_text="A list of short responsibilities."
    )
    hlm_expectations = models.JSONField(
        default=dict,
        blank=True,
        help_text="Healthcare Leadership Model dimension code -> expected level code.",
    )
    status = models.CharField(
        max_length=16, choices=PublishStatus.choices, default=PublishStatus.PUBLISHED
    )

    class Meta:
        ordering = ["level__rank", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_board(self) -> bool:
        return bool(self.board_seat)

    @property
    def dimensions(self) -> list[tuple[str, str]]:
        """(dimension label, expected level label) in the model's order."""
        levels = dict(HlmLevel.choices)
        expected = self.hlm_expectations or {}
        return [
            (label, levels.get(expected.get(code, ""), "Not stated"))
            for code, label in HlmDimension.choices
        ]
