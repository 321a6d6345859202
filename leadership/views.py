"""Organisation pages: a searchable directory of NHS bodies and each body's place in it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadership import selectors
from leadership.filters import OrganisationFilter


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """List organisations with filters that survive pagination."""
    filterset = OrganisationFilter(
        request.GET or None, queryset=selectors.organisation_list()
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "leadership/organisation_list.html",
        {"filter": filterset, "page_obj": page, "querystring": query.urlencode()},
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
