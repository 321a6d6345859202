"""Reads for report runs, scoped to the organisations the user may report on."""

from django.db.models import QuerySet

from reports.models import ReportRun


def report_run_list(*, user) -> QuerySet[ReportRun]:
    """Runs for scopes under the user's board, talent-lead or national memberships."""
    return ReportRun.objects.visible_to(user).select_related(
        "organisation", "requested_by"
    )
