"""Report dashboards, the refresh button, the progress page and the exports.

Thin views: selectors read stored results (never build while a page waits), the
presenters apply the small-number rule for the reader, services request runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.disclosure import Disclosure
from reports import charts, exports, runs, selectors
from reports.forms import ReportFilterForm
from reports.models import ReportKind
from reports.presenters import present, report_disclosure

KINDS = {"ceiling": ReportKind.CEILING, "board-diversity": ReportKind.BOARD_DIVERSITY}


def _filters(request: HttpRequest, scope: Any) -> ReportFilterForm:
    return ReportFilterForm(
        request.GET or None, dates=selectors.report_dates(scope=scope)
    )


def _shown(
    request: HttpRequest, scope: Any, disclosure: Disclosure, form: ReportFilterForm
) -> dict[str, dict[str, Any] | None]:
    as_of = form.value("as_of")
    stored = selectors.report_results_get(
        scope=scope, as_of=dt.date.fromisoformat(as_of) if as_of else None
    )
    ceiling = stored.get(ReportKind.CEILING)
    board = stored.get(ReportKind.BOARD_DIVERSITY)
    return {
        "ceiling": present(
            ReportKind.CEILING,
            ceiling.result if ceiling else None,
            disclosure,
            threshold=form.value("threshold"),
            profession=form.value("profession"),
        ),
        "board": present(
            ReportKind.BOARD_DIVERSITY, board.result if board else None, disclosure
        ),
        "ceiling_built": ceiling.built_at if ceiling else None,
        "board_built": board.built_at if board else None,
    }


def _trend(scope: Any, disclosure: Disclosure) -> list[dict[str, Any]]:
    """One point per stored board-diversity result: clinical share and voting gaps."""
    points = []
    for as_of, result in selectors.report_trend(
        scope=scope, kind=ReportKind.BOARD_DIVERSITY
    ):
        shown = present(ReportKind.BOARD_DIVERSITY, result, disclosure)
        gaps = {
            d["dimension"]: next(
                p["gap"] for p in d["populations"] if p["population"] == "voting"
            )
            for d in shown["demographics"]
        }
        points.append(
            {
                "as_of": as_of.isoformat(),
                "clinical": shown["background"]["clinical_share"],
                "women_gap": gaps["sex"],
                "bme_gap": gaps["ethnicity"],
            }
        )
    return points


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = selectors.report_home_scope(user=request.user)
    if scope is None:
        raise Http404
    return redirect("reports:dashboard", ods_code=scope.ods_code)


@login_required
def dashboard(request: HttpRequest, ods_code: str) -> HttpResponse:
    scope = selectors.report_scope_get(user=request.user, ods_code=ods_code)
    disclosure = report_disclosure(user=request.user, scope=scope)
    form = _filters(request, scope)
    shown = _shown(request, scope, disclosure, form)
    trend = _trend(scope, disclosure)
    ceiling, board = shown["ceiling"], shown["board"]
    ceiling_rows = (ceiling["professions"] or ceiling["groups"]) if ceiling else []
    return render(
        request,
        "reports/dashboard.html",
        {
            "scope": scope,
            "disclosure": disclosure,
            "ceiling": ceiling,
            "ceiling_rows": ceiling_rows,
            "board": board,
            "built": shown,
            "trend": trend,
            "form": form,
            "runs": selectors.report_runs_latest(scope=scope),
            "ceiling_chart": (
                charts.ceiling_chart(ceiling_rows, ceiling["levels"])
                if ceiling_rows
                else None
            ),
            "gap_chart": charts.gap_chart(board["demographics"]) if board else None,
            "trend_chart": (
                charts.trend_chart(
                    [(p["as_of"], p) for p in trend],
                    [
                        ("clinical", "Clinical share of board (%)"),
                        ("women_gap", "Women gap (pp)"),
                        ("bme_gap", "BME gap (pp)"),
                    ],
                )
                if len(trend) > 1
                else None
            ),
            "profession": form.value("profession") or "",
            "minimum_rate": board["demographics"][0]["minimum_declaration_rate"]
            if board
            else None,
        },
    )


@login_required
@require_POST
def refresh(request: HttpRequest, ods_code: str) -> HttpResponse:
    """Request both reports for today; a run already in flight is reused."""
    scope = selectors.report_scope_get(user=request.user, ods_code=ods_code)
    for kind in selectors.DASHBOARD_KINDS:
        runs.report_run_request(
            kind=kind,
            organisation=scope,
            as_of=timezone.localdate(),
            requested_by=request.user,
        )
    return redirect("reports:progress", ods_code=scope.ods_code)


@login_required
def progress(request: HttpRequest, ods_code: str) -> HttpResponse:
    scope = selectors.report_scope_get(user=request.user, ods_code=ods_code)
    latest = selectors.report_runs_latest(scope=scope)
    finished = all(r.is_finished for r in latest)
    # The broker was down when the run was requested: it is saved and the sweep sends
    # it when the broker is back, so say so rather than show a bar that never moves.
    queue_unavailable = any(r.is_waiting_for_broker for r in latest)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "finished": finished,
                "queue_unavailable": queue_unavailable,
                "dashboard": reverse("reports:dashboard", args=[scope.ods_code]),
                "runs": [
                    {
                        "id": r.pk,
                        "kind": r.kind,
                        "status": r.status,
                        "status_label": r.get_status_display(),
                        "progress": r.progress,
                        "stage": r.stage,
                        "error": r.error,
                    }
                    for r in latest
                ],
            }
        )
    return render(
        request,
        "reports/progress.html",
        {
            "scope": scope,
            "runs": latest,
            "finished": finished,
            "queue_unavailable": queue_unavailable,
        },
    )


@login_required
def export(request: HttpRequest, ods_code: str, kind: str, fmt: str) -> HttpResponse:
    scope = selectors.report_scope_get(user=request.user, ods_code=ods_code)
    if kind not in KINDS:
        raise Http404
    disclosure = report_disclosure(user=request.user, scope=scope)
    both = _shown(request, scope, disclosure, _filters(request, scope))
    shown = both["ceiling" if kind == "ceiling" else "board"]
    if shown is None:
        raise Http404
    return exports.report_export(shown, fmt=fmt, scope=scope)
