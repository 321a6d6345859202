"""Reads for reports, scoped to the organisations the user may report on.

Dashboards read stored results (ReportResult), never build a report while a page waits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import BOARD_READERS, Role
from accounts.scoping import is_national, organisation_q
from leadership.models import Organisation, OrganisationKind
from reports.models import ReportKind, ReportResult, ReportRun

DASHBOARD_KINDS = (ReportKind.CEILING, ReportKind.BOARD_DIVERSITY)
TREND_POINTS = 24


def report_run_list(*, user) -> QuerySet[ReportRun]:
    """Runs for scopes under the user's board, talent-lead or national memberships."""
    return ReportRun.objects.visible_to(user).select_related(
        "organisation", "requested_by"
    )


def report_result_list(*, user) -> QuerySet[ReportResult]:
    """Kept results for scopes the user may report on, newest first."""
    return (
        ReportResult.objects.visible_to(user)
        .select_related("organisation")
        .order_by("-as_of", "kind")
    )


def report_scope_get(*, user: Any, ods_code: str) -> Organisation:
    """The scope a user may open a dashboard for; 404 otherwise.

    Trusts and ICBs: anyone whose board, talent-lead or national membership covers
    them. Regions and the nation: national admins only.
    """
    scope = (
        Organisation.objects.filter(organisation_q(user, "", BOARD_READERS))
        .filter(ods_code__iexact=ods_code)
        .first()
    )
    if scope is None:
        raise Http404
    wide = scope.kind in (OrganisationKind.NATION, OrganisationKind.REGION)
    if wide and not is_national(user, (Role.NATIONAL_ADMIN,)):
        raise Http404
    return scope


def report_home_scope(*, user: Any) -> Organisation | None:
    """Where the reports link takes a user: the nation for national admins, else the
    first organisation their board or talent-lead membership names."""
    if is_national(user, (Role.NATIONAL_ADMIN,)):
        return Organisation.objects.filter(depth=0).order_by("path").first()
    return (
        Organisation.objects.filter(
            memberships__user=user, memberships__role__in=list(BOARD_READERS)
        )
        .order_by("-depth", "name")
        .first()
    )


def report_results_get(
    *, scope: Organisation, as_of: dt.date | None = None
) -> dict[str, ReportResult]:
    """The stored result of each dashboard report at the date (default: the latest)."""
    found: dict[str, ReportResult] = {}
    for kind in DASHBOARD_KINDS:
        results = ReportResult.objects.filter(organisation=scope, kind=kind)
        if as_of:
            results = results.filter(as_of__lte=as_of)
        result = results.order_by("-as_of").first()
        if result is not None:
            found[kind] = result
    return found


def report_dates(*, scope: Organisation) -> list[dt.date]:
    """Dates with a stored result, newest first (for the date picker)."""
    return list(
        ReportResult.objects.filter(organisation=scope, kind__in=DASHBOARD_KINDS)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .distinct()[:TREND_POINTS]
    )


def report_trend(*, scope: Organisation, kind: str) -> list[tuple[dt.date, dict]]:
    """The last stored results of one kind for the scope, oldest first."""
    rows = list(
        ReportResult.objects.filter(organisation=scope, kind=kind)
        .order_by("-as_of")
        .values_list("as_of", "result")[:TREND_POINTS]
    )
    return rows[::-1]


def report_runs_latest(*, scope: Organisation) -> list[ReportRun]:
    """The most recent run of each dashboard report for the scope."""
    runs = (
        ReportRun.objects.filter(organisation=scope, kind__in=DASHBOARD_KINDS)
        .order_by("kind", "-created_at")
        .only("id", "kind", "status", "progress", "stage", "error", "as_of",
              "created_at", "enqueued_at", "finished_at", "organisation_id")
    )  # fmt: skip
    latest: dict[str, ReportRun] = {}
    for run in runs[:50]:
        latest.setdefault(run.kind, run)
    return [latest[k] for k in DASHBOARD_KINDS if k in latest]
