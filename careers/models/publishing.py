"""What every piece of careers content shares: a draft/published status and a review date."""

from __future__ import annotations

from django.db import models


class PublishStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self) -> PublishableQuerySet:
        return self.filter(status=PublishStatus.PUBLISHED)


class Publishable(models.Model):
    """Clinicians see published rows only; editors write drafts and publish them through
    careers.services.content_publish, which refuses broken internal links."""

    status = models.CharField(
        max_length=16, choices=PublishStatus.choices, default=PublishStatus.DRAFT
    )
    reviewed_on = models.DateField(
        null=True, blank=True, help_text="When an editor last checked this content."
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED
