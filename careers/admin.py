"""Admin for the catalogue and careers content. Content editors write drafts here and
publish with the actions, which go through careers.services (broken links refuse)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from careers import services
from careers.models import (
    AdviceRequest,
    CaseStudy,
    Grade,
    Level,
    Pathway,
    PathwayStep,
    Profession,
    Programme,
    Role,
)


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "is_clinical", "regulator"]
    list_filter = ["group", "is_clinical", "regulator"]
    search_fields = ["name", "code"]
    list_select_related = ["regulator"]


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["rank", "code", "name", "is_board"]
    inlines = [GradeInline]


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "code", "level"]
    list_filter = ["scheme", "level"]
    list_select_related = ["level"]


class PublishingAdmin(admin.ModelAdmin):
    """Status changes only through the publish and unpublish actions."""

    readonly_fields = ["status", "reviewed_on"]
    actions = ["publish", "unpublish"]

    def _run(self, request: HttpRequest, queryset: QuerySet, action) -> None:
        done = 0
        for obj in queryset:
            try:
                action(obj=obj, user=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(
                    request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR
                )
        if done:
            self.message_user(request, f"{done} item(s) updated.", messages.SUCCESS)

    @admin.action(description="Publish (refused if it links to unpublished content)")
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(request, queryset, services.content_publish)

    @admin.action(description="Return to draft")
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(request, queryset, services.content_unpublish)


@admin.register(Role)
class RoleAdmin(PublishingAdmin):
    list_display = ["name", "code", "level", "board_seat", "is_clinical_post", "status"]
    list_filter = ["status", "level", "board_seat", "is_clinical_post"]
    search_fields = ["name", "code"]
    filter_horizontal = ["typical_professions"]
    list_select_related = ["level"]


class PathwayStepInline(admin.StackedInline):
    model = PathwayStep
    extra = 0
    autocomplete_fields = ["from_role", "to_role"]
    filter_horizontal = ["programmes"]


@admin.register(Pathway)
class PathwayAdmin(PublishingAdmin):
    list_display = ["title", "profession_group", "status", "reviewed_on"]
    list_filter = ["status", "profession_group"]
    inlines = [PathwayStepInline]


@admin.register(Programme)
class ProgrammeAdmin(PublishingAdmin):
    list_display = ["name", "provider", "entry_level", "cost_band", "format", "status"]
    list_filter = ["status", "format", "cost_band"]
    search_fields = ["name", "provider"]


@admin.register(CaseStudy)
class CaseStudyAdmin(PublishingAdmin):
    list_display = ["title", "profession", "current_role", "status", "reviewed_on"]
    list_filter = ["status", "profession__group"]
    search_fields = ["title", "person_name"]
    filter_horizontal = ["steps"]
    list_select_related = ["profession", "current_role"]


@admin.register(AdviceRequest)
class AdviceRequestAdmin(admin.ModelAdmin):
    list_display = ["topic", "requester", "status", "adviser", "created_at"]
    list_filter = ["status", "topic"]
    list_select_related = ["requester", "adviser"]
    readonly_fields = ["requester", "status", "adviser", "closed_at"]
