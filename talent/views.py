"""Talent profile pages; every query starts from what the user may see."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from talent import selectors
from talent.filters import TalentProfileFilter


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    """List the talent profiles the user may see, filtered and paginated."""
    filterset = TalentProfileFilter(
        request.GET or None, queryset=selectors.talent_profile_list(user=request.user)
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "talent/profile_list.html",
        {"filter": filterset, "page_obj": page, "querystring": query.urlencode()},
    )


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one talent profile; another organisation's profile answers 404."""
    profile = selectors.talent_profile_get(user=request.user, pk=pk)
    return render(request, "talent/profile_detail.html", {"profile": profile})
