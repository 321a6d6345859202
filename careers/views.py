"""Careers pages: roles, pathways (with their diagram), programmes, case studies, search.

Thin views: selectors read, filters filter, templates show. Plans, the checker and the
advisory service are in careers/views_plans.py.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from careers import search as careers_search
from careers import selectors
from careers.diagram import pathway_diagram
from careers.filters import CaseStudyFilter, ProgrammeFilter, RoleFilter
from careers.models import StepKind

PAGE_SIZE = 25


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    """Return the page and the other query parameters, so filters survive paging."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Start page: every pathway and the tools."""
    return render(
        request,
        "careers/index.html",
        {"pathways": selectors.pathway_list(user=request.user)},
    )


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    filterset = RoleFilter(
        request.GET or None, queryset=selectors.role_list(user=request.user)
    )
    page, querystring = _page(request, filterset.qs)
    return render(
        request,
        "careers/role_list.html",
        {"filter": filterset, "page_obj": page, "querystring": querystring},
    )


@login_required
def role_detail(request: HttpRequest, code: str) -> HttpResponse:
    role = selectors.role_get(code=code, user=request.user)
    return render(
        request,
        "careers/role_detail.html",
        {
            "role": role,
            "steps": selectors.role_steps(role=role, user=request.user),
            "case_studies": selectors.case_studies_for_role(
                role=role, user=request.user
            ),
            "implications": selectors.regulator_implications(
                roles=[role], profession=None
            )[role.pk],
        },
    )


@login_required
def pathway_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "careers/pathway_list.html",
        {"pathways": selectors.pathway_list(user=request.user)},
    )


@login_required
def pathway_detail(request: HttpRequest, code: str) -> HttpResponse:
    pathway, steps = selectors.pathway_get(code=code, user=request.user)
    return render(
        request,
        "careers/pathway_detail.html",
        {
            "pathway": pathway,
            "steps": steps,
            "diagram": pathway_diagram(steps) if steps else None,
            "kinds": StepKind,
        },
    )


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    filterset = ProgrammeFilter(
        request.GET or None, queryset=selectors.programme_list(user=request.user)
    )
    page, querystring = _page(request, filterset.qs)
    return render(
        request,
        "careers/programme_list.html",
        {"filter": filterset, "page_obj": page, "querystring": querystring},
    )


@login_required
def case_study_list(request: HttpRequest) -> HttpResponse:
    filterset = CaseStudyFilter(
        request.GET or None, queryset=selectors.case_study_list(user=request.user)
    )
    page, querystring = _page(request, filterset.qs)
    return render(
        request,
        "careers/case_study_list.html",
        {"filter": filterset, "page_obj": page, "querystring": querystring},
    )


@login_required
def case_study_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_study_get(slug=slug, user=request.user)
    return render(request, "careers/case_study_detail.html", {"case": case})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    return render(
        request,
        "careers/search.html",
        {
            "query": query,
            "hits": careers_search.search(query) if query.strip() else None,
        },
    )
