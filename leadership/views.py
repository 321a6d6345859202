"""Leadership pages: organisations, the leaders' directory, a leader's timeline, boards,
and role statistics. Views stay thin: selectors read, filters filter, templates show."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.exports import csv_response, xlsx_response
from accounts.roles import Role
from accounts.scoping import has_role, is_national
from careers.models import Role as CatalogueRole
from leadership import exports, selectors
from leadership.filters import LeaderFilter, OrganisationFilter
from leadership.forms import LeaderImportForm
from leadership.selectors import boards, people, statistics, timeline
from leadership.services import imports

PAGE_SIZE = 50


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    """Return the page and the other query parameters, so filters survive paging."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _date_param(request: HttpRequest, name: str) -> tuple[dt.date, str | None]:
    """Read a YYYY-MM-DD parameter; default today, with an error message if malformed."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return dt.date.today(), None
    try:
        return dt.date.fromisoformat(raw), None
    except ValueError:
        return (
            dt.date.today(),
            "Enter a real date in the form YYYY-MM-DD, for example 2026-03-31.",
        )


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """List organisations with filters that survive pagination."""
    filterset = OrganisationFilter(
        request.GET or None, queryset=selectors.organisation_list()
    )
    page, querystring = _page(request, filterset.qs)
    return render(
        request,
        "leadership/organisation_list.html",
        {"filter": filterset, "page_obj": page, "querystring": querystring},
    )


@login_required
def organisation_detail(request: HttpRequest, ods_code: str) -> HttpResponse:
    """Show one organisation, where it sits in the hierarchy and what lies beneath it."""
    organisation = selectors.organisation_get(ods_code=ods_code)
    return render(
        request,
        "leadership/organisation_detail.html",
        {
            "organisation": organisation,
            "ancestors": selectors.organisation_ancestors(organisation=organisation),
            "children": selectors.organisation_children(organisation=organisation),
        },
    )


@login_required
def board_detail(request: HttpRequest, ods_code: str) -> HttpResponse:
    """Show an organisation's board on a date: members, vacancies, interims, who is missing."""
    organisation = selectors.organisation_get(ods_code=ods_code)
    on, date_error = _date_param(request, "on")
    board = boards.board_get(organisation=organisation, on=on)
    return render(
        request,
        "leadership/board_detail.html",
        {
            "organisation": organisation,
            "ancestors": selectors.organisation_ancestors(organisation=organisation),
            "board": board,
            "date_error": date_error,
            "on_value": request.GET.get("on", on.isoformat()),
        },
    )


@login_required
def leader_list(request: HttpRequest) -> HttpResponse:
    """The directory of senior leaders: search, filter, sort, paginate and export."""
    export = request.GET.get("export")
    with_latest = "latest" in request.GET.get("sort", "") or export in ("csv", "xlsx")
    filterset = LeaderFilter(
        request.GET or None, queryset=people.leader_list(with_latest=with_latest)
    )
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    if not request.GET.get("sort"):
        queryset = queryset.order_by("full_name", "pk")
    if export in ("csv", "xlsx") and (not filterset.is_bound or filterset.is_valid()):
        with_demographics = people.can_export_demographics(request.user)
        header = exports.directory_header(with_demographics)
        rows = exports.directory_rows(queryset, with_demographics)
        stamp = dt.date.today().isoformat()
        if export == "csv":
            return csv_response(f"leaders-{stamp}.csv", header, rows)
        return xlsx_response(f"leaders-{stamp}.xlsx", header, rows, title="Leaders")
    page, querystring = _page(request, queryset)
    return render(
        request,
        "leadership/leader_list.html",
        {"filter": filterset, "page_obj": page, "querystring": querystring},
    )


@login_required
def leader_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader's career as a visual timeline, with qualifications and registrations."""
    person = people.leader_get(pk=pk)
    posts = list(person.appointments.all())
    return render(
        request,
        "leadership/leader_detail.html",
        {
            "person": person,
            "posts": posts,
            "timeline": timeline.timeline_layout(posts),
            "show_demographics": people.can_see_demographics(request.user, person),
            "can_see_history": has_role(request.user, Role.NATIONAL_ADMIN),
        },
    )


@login_required
def leader_statistics(request: HttpRequest) -> HttpResponse:
    """Statistics for a role over the directory's filtered set of people."""
    filterset = LeaderFilter(request.GET or None, queryset=people.leaders())
    role_code = request.GET.get("stat_role") or "chief-executive"
    role = CatalogueRole.objects.filter(code=role_code).select_related("level").first()
    within = None
    code = request.GET.get("organisation", "").strip()
    if code:
        within = selectors.organisation_list().filter(ods_code__iexact=code).first()
    disclosure = statistics.statistics_disclosure(user=request.user, within=within)
    stats = None
    if role is not None and (not filterset.is_bound or filterset.is_valid()):
        person_filters = {
            k: v
            for k, v in request.GET.items()
            if k in ("q", "profession", "background")
        }
        scoped_people = (
            LeaderFilter(person_filters, queryset=people.leaders()).qs
            if person_filters
            else None
        )
        stats = statistics.role_statistics(
            role=role, people=scoped_people, within=within, disclosure=disclosure
        )
    return render(
        request,
        "leadership/leader_statistics.html",
        {
            "filter": filterset,
            "roles": CatalogueRole.objects.select_related("level").order_by(
                "-level__rank", "name"
            ),
            "role": role,
            "stats": stats,
            "suppressed": disclosure.suppress,
        },
    )


@login_required
def leader_import(request: HttpRequest) -> HttpResponse:
    """Upload a leaders CSV for national admins; others get 404. ?sample=1 downloads
    the sample file. The import service checks every row and writes all or nothing."""
    if not (has_role(request.user, Role.NATIONAL_ADMIN) and is_national(request.user)):
        raise Http404
    if request.GET.get("sample"):
        return FileResponse(
            imports.SAMPLE_PATH.open("rb"),
            as_attachment=True,
            filename="sample_leaders.csv",
            content_type="text/csv",
        )
    post = request.method == "POST"
    form = LeaderImportForm(request.POST, request.FILES) if post else LeaderImportForm()
    result = None
    if post and form.is_valid():
        result = imports.leaders_import(
            file=form.cleaned_data["file"], only_valid=form.cleaned_data["only_valid"]
        )
        if result.aborted:
            count = result.problem_count
            form.add_error(
                "file",
                f"The selected file has {count} problem{'s' if count != 1 else ''}. "
                "Nothing was imported. Fix the rows listed below and upload it again",
            )
    return render(
        request,
        "leadership/leader_import.html",
        {"form": form, "result": result, "columns": imports.COLUMNS},
    )
