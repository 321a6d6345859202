from django.contrib import admin

from accounts.admin import ScopedAdminMixin
from talent.models import EntryLevel, TalentProfile


@admin.register(EntryLevel)
class EntryLevelAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "code"]
    filter_horizontal = ["feeder_levels"]


@admin.register(TalentProfile)
class TalentProfileAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "person",
        "organisation",
        "entry_level",
        "profession",
        "status",
        "joined_on",
    ]
    list_filter = ["status", "entry_level", "identified_by"]
    search_fields = ["person__full_name", "organisation__name"]
    list_select_related = ["person", "organisation", "entry_level", "profession"]
    raw_id_fields = ["person", "sponsor", "mentor", "target_role"]
