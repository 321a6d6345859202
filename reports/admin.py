from django.contrib import admin

from accounts.admin import ScopedAdminMixin
from reports.models import ReportResult, ReportRun, WorkforceHeadcount


@admin.register(WorkforceHeadcount)
class WorkforceHeadcountAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "snapshot_date", "profession", "level", "headcount"]
    list_filter = ["snapshot_date", "level"]
    list_select_related = ["organisation", "profession", "level"]
    raw_id_fields = ["organisation"]


@admin.register(ReportRun)
class ReportRunAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "organisation", "as_of", "status", "progress", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "requested_by"]
    readonly_fields = ["result", "error", "started_at", "finished_at", "attempts"]


@admin.register(ReportResult)
class ReportResultAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "organisation", "as_of", "built_at"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "run"]
    readonly_fields = ["result", "built_at"]
