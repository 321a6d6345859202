"""Profile pages: the list (with CSV), one profile, recording a review or an action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.exports import csv_response
from accounts.roles import Role
from accounts.scoping import has_role
from talent import selectors, services
from talent.filters import TalentProfileFilter
from talent.forms import ActionForm, ReviewForm, add_service_errors
from talent.models import TalentProfile, nine_box_labels
from talent.views.common import paginate, querystring, require_talent_reader

CSV_HEADER = [
    "Name",
    "Organisation",
    "ODS code",
    "Entry level",
    "Profession",
    "Status",
    "Identified by",
    "Joined",
    "Nine-box position",
    "Readiness",
    "Last review",
]


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    """List the talent profiles the user may see, filtered and paginated; ?format=csv
    streams the whole filtered list."""
    filterset = TalentProfileFilter(
        request.GET or None,
        queryset=selectors.talent_profile_list_with_review(user=request.user),
        request=request,
    )
    if request.GET.get("format") == "csv":
        labels = nine_box_labels()
        rows = (
            (
                p.person.full_name,
                p.organisation.name,
                p.organisation.ods_code,
                p.entry_level.name,
                p.profession.name,
                p.get_status_display(),
                p.get_identified_by_display(),
                p.joined_on.isoformat(),
                f"{p.latest_nine_box}: {labels[p.latest_nine_box]}"
                if p.latest_nine_box
                else "",
                p.latest_readiness or "",
                p.latest_reviewed_on.isoformat() if p.latest_reviewed_on else "",
            )
            for p in filterset.qs.iterator(chunk_size=2000)
        )
        stamp = dt.date.today().isoformat()
        return csv_response(f"talent-profiles-{stamp}.csv", CSV_HEADER, rows)
    return render(
        request,
        "talent/profile_list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, filterset.qs),
            "querystring": querystring(request, "format"),
            "box_labels": nine_box_labels(),
            "lead": has_role(request.user, Role.TALENT_LEAD, Role.NATIONAL_ADMIN),
        },
    )


def _changes(profile: TalentProfile, limit: int = 10) -> list[dict[str, Any]]:
    """The latest changes: who, when, and which fields (compared with the row before)."""
    records = list(
        profile.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    changes = []
    for record, before in zip(records, [*records[1:], None], strict=False):
        if len(changes) == limit:
            break
        fields = (
            [
                TalentProfile._meta.get_field(c.field).verbose_name
                for c in record.diff_against(before).changes
            ]
            if before is not None
            else []
        )
        changes.append({"record": record, "fields": fields})
    return changes


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One profile with its review history (movement on the grid) and its plan."""
    profile = selectors.talent_profile_get(user=request.user, pk=pk)
    own = profile.person.user_id == request.user.pk
    reviews = list(selectors.review_list(user=request.user, profile=profile))
    return render(
        request,
        "talent/profile_detail.html",
        {
            "profile": profile,
            "own": own,
            "reviews": reviews,
            "actions": list(selectors.action_list(user=request.user, profile=profile)),
            "cohorts": list(profile.cohorts.select_related("region").order_by("-year")),
            "changes": [] if own else _changes(profile),
            "next_level": profile.entry_level.next_level(),
            "lead": not own
            and has_role(request.user, Role.TALENT_LEAD, Role.NATIONAL_ADMIN),
            "today": dt.date.today(),
        },
    )


@login_required
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a talent review in one form; the service checks every rule."""
    require_talent_reader(request.user)
    profile = selectors.talent_profile_get(user=request.user, pk=pk)
    if profile.person.user_id == request.user.pk:
        raise Http404
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        profile=profile,
        initial={"reviewer": request.user.pk, "reviewed_on": dt.date.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.talent_review_record(
                profile=profile, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Review recorded.")
            return redirect("talent:profile-detail", pk=profile.pk)
    return render(
        request, "talent/review_form.html", {"profile": profile, "form": form}
    )


@login_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item to the development plan (a placement names its host)."""
    require_talent_reader(request.user)
    profile = selectors.talent_profile_get(user=request.user, pk=pk)
    if profile.person.user_id == request.user.pk:
        raise Http404
    form = ActionForm(
        request.POST if request.method == "POST" else None, profile=profile
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.development_action_create(
                profile=profile, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Development action added.")
            return redirect("talent:profile-detail", pk=profile.pk)
    return render(
        request, "talent/action_form.html", {"profile": profile, "form": form}
    )


@login_required
@require_POST
def profile_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the profile up to the next entry level."""
    require_talent_reader(request.user)
    profile = selectors.talent_profile_get(user=request.user, pk=pk)
    try:
        services.talent_profile_progress(profile=profile, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Moved up to {profile.entry_level.name}.")
    return redirect("talent:profile-detail", pk=profile.pk)
