"""Professional regulators; their structured registration rules build on this table."""

from django.db import models


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
