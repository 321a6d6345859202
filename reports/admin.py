from django.contrib import admin

from accounts.admin import ScopedAdminMixin
from reports.models import WorkforceHeadcount


@admin.register(WorkforceHeadcount)
class WorkforceHeadcountAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "snapshot_date", "profession", "level", "headcount"]
    list_filter = ["snapshot_date", "level"]
    list_select_related = ["organisation", "profession", "level"]
    raw_id_fields = ["organisation"]
