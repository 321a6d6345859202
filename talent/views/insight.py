"""Talent leads' and national admins' views: dashboard, equity, outcomes, succession."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.roles import TALENT_READERS
from accounts.scoping import organisation_q
from leadership.models import Organisation
from talent import selectors
from talent.filters import ProgrammeFilter
from talent.models import TalentProfile
from talent.selectors.dashboard import dashboard as dashboard_data
from talent.selectors.dashboard import talent_disclosure
from talent.selectors.equity import equity_audit
from talent.selectors.outcomes import outcomes_by_cohort, outcomes_by_entry_level
from talent.selectors.succession import succession as succession_data
from talent.views.common import querystring, require_talent_reader


def _scoped(
    request: HttpRequest, base: QuerySet[TalentProfile] | None = None
) -> tuple[ProgrammeFilter, QuerySet[TalentProfile], Any]:
    """Filter the profiles the user may see (default: live and on the programme);
    decide disclosure."""
    if base is None:
        base = TalentProfile.objects.visible_to(request.user).in_grid()
    filterset = ProgrammeFilter(request.GET or None, queryset=base, request=request)
    code = (request.GET.get("organisation") or "").strip()
    organisation = (
        Organisation.objects.filter(ods_code__iexact=code).first() if code else None
    )
    disclosure = talent_disclosure(user=request.user, organisation=organisation)
    return filterset, filterset.qs, disclosure


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The cohort dashboard: nine-box grid, pipeline, no sponsor, overdue."""
    require_talent_reader(request.user)
    filterset, profiles, disclosure = _scoped(request)
    return render(
        request,
        "talent/dashboard.html",
        {
            "filter": filterset,
            "data": dashboard_data(profiles=profiles, disclosure=disclosure),
            "suppressed": disclosure.suppress,
            "querystring": querystring(request),
        },
    )


@login_required
def equity(request: HttpRequest) -> HttpResponse:
    """Who sits in each box and who is ready now, by group, against the whole pool."""
    require_talent_reader(request.user)
    filterset, profiles, disclosure = _scoped(request)
    return render(
        request,
        "talent/equity.html",
        {
            "filter": filterset,
            "audit": equity_audit(profiles, disclosure),
            "suppressed": disclosure.suppress,
        },
    )


@login_required
def outcomes(request: HttpRequest) -> HttpResponse:
    """Moves up a level and board appointments within 12, 24 and 36 months."""
    require_talent_reader(request.user)
    # Outcomes include people who have left or been appointed: that is the point.
    filterset, profiles, disclosure = _scoped(
        request, TalentProfile.objects.visible_to(request.user).live()
    )
    return render(
        request,
        "talent/outcomes.html",
        {
            "filter": filterset,
            "by_entry_level": outcomes_by_entry_level(profiles, disclosure),
            "by_cohort": outcomes_by_cohort(profiles, disclosure),
            "suppressed": disclosure.suppress,
        },
    )


@login_required
def succession(request: HttpRequest, ods_code: str) -> HttpResponse:
    """Candidates for each board role in one organisation the user covers."""
    require_talent_reader(request.user)
    organisation = (
        Organisation.objects.filter(organisation_q(request.user, "", TALENT_READERS))
        .filter(ods_code__iexact=ods_code)
        .first()
    )
    if organisation is None:
        raise Http404
    profiles = selectors.talent_profile_list(user=request.user)
    return render(
        request,
        "talent/succession.html",
        {
            "organisation": organisation,
            "data": succession_data(profiles=profiles, organisation=organisation),
        },
    )


@login_required
def succession_index(request: HttpRequest) -> HttpResponse:
    """Choose an organisation for the succession view (the user's own first)."""
    require_talent_reader(request.user)
    code = (request.GET.get("organisation") or "").strip()
    if code:
        return redirect("talent:succession", ods_code=code.upper())
    filterset = ProgrammeFilter(
        None, queryset=TalentProfile.objects.none(), request=request
    )
    return render(
        request,
        "talent/succession_index.html",
        {"field": filterset.form["organisation"]},
    )
