"""Admin for the talent programme, scoped like the pages (another org's row is 404).

Entry levels are the national programme's shape: only national admins change them.
Deleting a profile here is the same soft delete as everywhere, and national admins can
restore it; every change is in the history (django-simple-history).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.admin import ScopedAdminMixin, ScopedHistoryAdmin
from accounts.roles import Role
from accounts.scoping import has_role, is_national
from talent.models import (
    Cohort,
    DevelopmentAction,
    EntryLevel,
    Nomination,
    TalentProfile,
    TalentReview,
)
from talent.services import (
    current_levels,
    feeder_map,
    profile_problems,
    talent_profile_delete,
    talent_profile_restore,
    talent_profile_save,
)


def _national_admin(request: HttpRequest) -> bool:
    user = request.user
    return user.is_superuser or (
        has_role(user, Role.NATIONAL_ADMIN) and is_national(user)
    )


@admin.register(EntryLevel)
class EntryLevelAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "code"]
    filter_horizontal = ["feeder_levels"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _national_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _national_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _national_admin(request)


class DeletedFilter(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Live"), ("yes", "Deleted")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        return queryset


class TalentProfileAdminForm(forms.ModelForm):
    """Shows the profile service's rules beside the fields before anything is saved."""

    class Meta:
        model = TalentProfile
        fields = [
            "person",
            "organisation",
            "entry_level",
            "identified_by",
            "status",
            "sponsor",
            "mentor",
            "target_role",
            "target_horizon_years",
            "willing_to_move_organisation",
            "willing_to_move_region",
            "joined_on",
        ]

    def _post_clean(self) -> None:
        super()._post_clean()
        profile = self.instance
        if profile.person_id is None or profile.entry_level_id is None:
            return
        if not profile.pk:
            profile.profession_id = profile.person.profession_id
        held = current_levels([profile.person_id]).get(profile.person_id)
        problems = profile_problems(profile, feeder_map(), held)
        if profile.pk and "entry_level" not in self.changed_data:
            problems = [p for p in problems if p[1] != "entry_level_not_fed"]
        for field, code, message in problems:
            self.add_error(
                field if field in self.fields else None,
                ValidationError(message, code=code),
            )


@admin.register(TalentProfile)
class TalentProfileAdmin(ScopedHistoryAdmin):
    form = TalentProfileAdminForm
    list_display = [
        "person",
        "organisation",
        "entry_level",
        "profession",
        "status",
        "joined_on",
        "deleted_at",
    ]
    list_filter = [DeletedFilter, "status", "entry_level", "identified_by"]
    search_fields = ["person__full_name", "organisation__name"]
    list_select_related = ["person", "organisation", "entry_level", "profession"]
    raw_id_fields = ["person", "sponsor", "mentor", "target_role"]
    readonly_fields = ["deleted_at"]
    actions = ["soft_delete", "restore"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not _national_admin(request):
            actions.pop("restore", None)
        return actions

    def save_model(
        self, request: HttpRequest, obj: TalentProfile, form: Any, change: bool
    ) -> None:
        """Through the profile service, so the admin keeps the programme's rules."""
        if not change:
            obj.profession_id = obj.person.profession_id
        talent_profile_save(
            profile=obj,
            by=request.user,
            entry_changed=not change or "entry_level" in form.changed_data,
        )

    def delete_model(self, request: HttpRequest, obj: TalentProfile) -> None:
        talent_profile_delete(profile=obj, by=request.user)

    @admin.action(description="Delete the selected profiles (can be undone)")
    def soft_delete(self, request: HttpRequest, queryset: QuerySet) -> None:
        for profile in queryset:
            try:
                talent_profile_delete(profile=profile, by=request.user)
            except PermissionDenied:
                self.message_user(
                    request, f"Not allowed to delete {profile}.", messages.ERROR
                )

    @admin.action(description="Restore the selected deleted profiles")
    def restore(self, request: HttpRequest, queryset: QuerySet) -> None:
        restored = 0
        for profile in queryset.filter(deleted_at__isnull=False):
            try:
                talent_profile_restore(profile=profile, by=request.user)
                restored += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{profile}: {error}", messages.ERROR)
        self.message_user(request, f"Restored {restored} profile(s).")


@admin.register(TalentReview)
class TalentReviewAdmin(ScopedHistoryAdmin):
    list_display = ["profile", "reviewed_on", "nine_box", "readiness", "reviewer"]
    list_filter = ["readiness", "nine_box"]
    list_select_related = ["profile__person", "reviewer"]
    raw_id_fields = ["profile", "reviewer"]
    readonly_fields = ["nine_box"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one write path: the review form and API validate every rule

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DevelopmentAction)
class DevelopmentActionAdmin(ScopedHistoryAdmin):
    list_display = ["title", "profile", "kind", "status", "due_on", "host_organisation"]
    list_filter = ["kind", "status"]
    list_select_related = ["profile__person", "host_organisation"]
    raw_id_fields = ["profile", "owner", "host_organisation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cohort)
class CohortAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "programme", "region", "year", "starts_on"]
    list_filter = ["year", "programme"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(Nomination)
class NominationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "entry_level", "organisation", "status", "created_at"]
    list_filter = ["status", "entry_level"]
    list_select_related = ["person", "organisation", "entry_level"]
    raw_id_fields = ["person", "profile", "decided_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
