"""Curated careers content: programmes, pathways (a graph of role-to-role steps) and
case studies that illustrate the steps."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from careers.models.catalogue import Level, Profession, ProfessionGroup, Role
from careers.models.publishing import Publishable


class CostBand(models.TextChoices):
    FREE = "free", "Free"
    LOW = "low", "Under £1,000"
    MEDIUM = "medium", "£1,000 to £5,000"
    HIGH = "high", "Over £5,000"
    FUNDED = "funded", "Funded by the employer or sponsor"
    ASK = "ask", "Ask the provider"


class ProgrammeFormat(models.TextChoices):
    ONLINE = "online", "Online"
    BLENDED = "blended", "Blended (online and face to face)"
    FACE_TO_FACE = "face_to_face", "Face to face"
    SECONDMENT = "secondment", "Secondment or fellowship"


class Programme(Publishable, models.Model):
    """A development programme or qualification that helps with a step."""

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    entry_level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="programmes"
    )
    audience = models.TextField()
    length = models.CharField(max_length=300)
    cost_band = models.CharField(max_length=16, choices=CostBand.choices)
    format = models.CharField(max_length=16, choices=ProgrammeFormat.choices)
    award = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["entry_level__rank", "name"]

    def __str__(self) -> str:
        return self.name


class Pathway(Publishable, models.Model):
    """The routes for one clinical profession group, from frontline roles to the board."""

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    profession_group = models.CharField(
        max_length=32, choices=ProfessionGroup.choices, unique=True
    )
    summary = models.TextField()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class StepKind(models.TextChoices):
    UP = "up", "Step up"
    SIDEWAYS = "sideways", "Sideways move"
    NON_EXECUTIVE = "non_executive", "Non-executive role"
    NATIONAL = "national", "National or system role"
    RETURN = "return", "Return to clinical practice"


class PathwayStep(models.Model):
    """One edge of a pathway's graph: a move from one catalogue role to another."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    from_role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="steps_out"
    )
    to_role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="steps_in")
    kind = models.CharField(max_length=16, choices=StepKind.choices, default="up")
    typical_years = models.DecimalField(
        max_digits=4, decimal_places=1, help_text="Typical years in the first role."
    )
    experience = models.TextField(
        blank=True, help_text="Projects, portfolio roles, acting up that help."
    )
    qualifications = models.TextField(blank=True)
    barriers = models.TextField(blank=True)
    programmes = models.ManyToManyField(Programme, blank=True, related_name="steps")

    class Meta:
        ordering = ["pathway", "from_role__level__rank", "to_role__level__rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "from_role", "to_role"], name="pathway_step_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_role=F("to_role")), name="pathway_step_not_a_loop"
            ),
            models.CheckConstraint(
                condition=Q(typical_years__gte=0) & Q(typical_years__lte=30),
                name="pathway_step_years_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_role} -> {self.to_role}"


class CaseStudy(Publishable, models.Model):
    """A real-style journey of a leader, linked to the pathway steps it illustrates."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    person_name = models.CharField(max_length=200, help_text="A fictional name.")
    profession = models.ForeignKey(
        Profession, on_delete=models.PROTECT, related_name="case_studies"
    )
    current_role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="case_studies"
    )
    summary = models.CharField(max_length=400)
    story = models.TextField(help_text="Paragraphs separated by a blank line.")
    steps = models.ManyToManyField(PathwayStep, blank=True, related_name="case_studies")

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.story.split("\n\n") if p.strip()]
