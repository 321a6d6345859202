"""The clinician's own pages: my profile, plan and shared reviews; self-nomination;
and the talent lead's list of nominations to decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from talent import selectors, services
from talent.forms import NominationForm, add_service_errors
from talent.models import Nomination, NominationStatus
from talent.views.common import paginate, require_talent_reader


@login_required
def my_programme(request: HttpRequest) -> HttpResponse:
    """The signed-in clinician's profile(s), development plan and shared reviews."""
    profiles = list(selectors.my_profiles(user=request.user))
    reviews = list(
        selectors.review_list(user=request.user).filter(
            profile__person__user=request.user
        )
    )
    by_profile: dict[int, list] = {}
    for review in reviews:
        by_profile.setdefault(review.profile_id, []).append(review)
    nominations = list(
        selectors.nomination_list(user=request.user).filter(person__user=request.user)
    )
    return render(
        request,
        "talent/my_programme.html",
        {
            "entries": [(p, by_profile.get(p.pk, [])) for p in profiles],
            "nominations": nominations,
        },
    )


@login_required
def nominate(request: HttpRequest) -> HttpResponse:
    """Put yourself forward for an entry level with a short statement."""
    form = NominationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_submit(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Nomination sent. Your talent lead will be in touch."
            )
            return redirect("talent:mine")
    return render(request, "talent/nominate.html", {"form": form})


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    """Nominations waiting for the talent lead (and those decided)."""
    require_talent_reader(request.user)
    status = request.GET.get("status") or NominationStatus.SUBMITTED
    rows = (
        selectors.nomination_list(user=request.user)
        .exclude(person__user=request.user)
        .filter(status=status)
    )
    return render(
        request,
        "talent/nomination_list.html",
        {
            "page_obj": paginate(request, rows),
            "status": status,
            "statuses": NominationStatus.choices,
            "querystring": f"status={status}",
        },
    )


@login_required
@require_POST
def nomination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_talent_reader(request.user)
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).exclude(person__user=request.user),
        pk=pk,
    )
    accept = request.POST.get("decision") == "accept"
    try:
        services.nomination_decide(
            nomination=nomination, by=request.user, accept=accept
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Nomination accepted." if accept else "Nomination declined."
        )
    return redirect("talent:nomination-list")
