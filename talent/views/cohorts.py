"""Cohorts: the list and one cohort with its members and the bulk-add form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from talent import selectors, services
from talent.filters import CohortFilter, TalentProfileFilter
from talent.forms import CohortAddForm, add_service_errors
from talent.models import CohortMembership
from talent.views.common import paginate, querystring, require_talent_reader

CANDIDATE_LIMIT = 100


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    require_talent_reader(request.user)
    filterset = CohortFilter(
        request.GET or None, queryset=selectors.cohort_list(user=request.user)
    )
    return render(
        request,
        "talent/cohort_list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, filterset.qs),
            "querystring": querystring(request),
        },
    )


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members the user may see; below, filter candidates and tick to add them."""
    require_talent_reader(request.user)
    cohort = selectors.cohort_get(user=request.user, pk=pk)
    members = selectors.cohort_members(user=request.user, cohort=cohort)
    params = request.GET.copy()
    params.pop("page", None)
    candidates_filter = TalentProfileFilter(
        params or None,
        queryset=selectors.talent_profile_list(user=request.user)
        .exclude(person__user=request.user)
        .exclude(
            pk__in=CohortMembership.objects.filter(cohort=cohort).values("profile_id")
        ),
        request=request,
    )
    candidates = candidates_filter.qs
    limited = candidates.filter(
        pk__in=list(candidates.values_list("pk", flat=True)[:CANDIDATE_LIMIT])
    )
    form = CohortAddForm(
        request.POST if request.method == "POST" else None, candidates=limited
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.cohort_add_profiles(
                cohort=cohort, profiles=form.cleaned_data["profiles"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{added} added to {cohort.name}.")
            return redirect("talent:cohort-detail", pk=cohort.pk)
    return render(
        request,
        "talent/cohort_detail.html",
        {
            "cohort": cohort,
            "page_obj": paginate(request, members),
            "filter": candidates_filter,
            "form": form,
            "candidate_limit": CANDIDATE_LIMIT,
            "querystring": querystring(request),
        },
    )
