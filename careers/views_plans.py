"""A clinician's tools: route finder and career plans, the keep-my-registration
checker, and the advisory service (with the advisers' queue)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careers import selectors, services
from careers.forms import (
    AdviceReplyForm,
    AdviceRequestForm,
    CheckerForm,
    PlanShareForm,
    RouteForm,
)
from careers.models import AdviceStatus, Role
from careers.views import _page
from regulation.checker import CheckInput, check_registration
from regulation.models import GuidanceArticle


def _profession_of(user) -> object | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.profession if person else None


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """Find routes between two roles (GET), save one as a plan (POST)."""
    data = request.POST if request.method == "POST" else (request.GET or None)
    initial = {}
    profession = _profession_of(request.user)
    if profession:
        initial["profession"] = profession.pk
    if data is not None and "target_role" not in data:
        initial.update({k: v for k, v in data.items() if v})
        data = None
    form = RouteForm(data, initial=initial)
    routes, back, steps = [], None, {}
    if form.is_bound and form.is_valid() and form.graph is not None:
        current, target = (
            form.cleaned_data["current_role"],
            form.cleaned_data["target_role"],
        )
        routes = form.graph.routes(current.pk, target.pk, k=3)
        back = form.graph.return_route(target.pk)
        ids = {i for r in routes for i in r.step_ids} | set(
            back.step_ids if back else []
        )
        steps = selectors.steps_by_ids(ids=list(ids), user=request.user)
        if request.method == "POST":
            index = int(request.POST.get("route", "0") or 0)
            if 0 <= index < len(routes):
                try:
                    plan = services.career_plan_create(
                        owner=request.user,
                        profession=form.cleaned_data["profession"],
                        current_role=current,
                        target_role=target,
                        step_ids=routes[index].step_ids,
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, "Your career plan was saved.")
                    return redirect("careers:plan-detail", pk=plan.pk)
    graph_roles = form.graph.roles if form.graph else {}
    return render(
        request,
        "careers/plan_new.html",
        {
            "form": form,
            "routes": [
                {
                    "index": i,
                    "route": r,
                    "steps": [steps[s] for s in r.step_ids if s in steps],
                }
                for i, r in enumerate(routes)
            ],
            "back": [steps[s] for s in back.step_ids if s in steps] if back else [],
            "graph_roles": graph_roles,
        },
    )


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    page, querystring = _page(request, selectors.plan_list(user=request.user))
    return render(
        request,
        "careers/plan_list.html",
        {"page_obj": page, "querystring": querystring},
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(pk=pk, user=request.user)
    share_form = PlanShareForm(request.POST or None)
    is_owner = plan.owner_id == request.user.pk
    if request.method == "POST" and is_owner and share_form.is_valid():
        services.career_plan_share(
            plan=plan,
            user=request.user,
            mentor_email=share_form.cleaned_data["mentor_email"],
            with_advisers=share_form.cleaned_data["with_advisers"],
        )
        messages.success(request, "Your plan was shared.")
        return redirect("careers:plan-detail", pk=plan.pk)
    return render(
        request,
        "careers/plan_detail.html",
        {
            "plan": plan,
            "form": share_form,
            "is_owner": plan.owner_id == request.user.pk,
        },
    )


@login_required
@require_POST
def plan_step_mark(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    plan = selectors.plan_get(pk=pk, user=request.user)
    if plan.owner_id != request.user.pk:
        raise Http404
    # A position the plan does not have is a URL that names nothing: 404, not 500.
    if not any(step.position == position for step in plan.steps.all()):
        raise Http404
    services.career_plan_step_mark(
        plan=plan,
        position=position,
        done=request.POST.get("done") == "1",
        user=request.user,
    )
    return redirect("careers:plan-detail", pk=plan.pk)


@login_required
def checker(request: HttpRequest) -> HttpResponse:
    """Keep my registration: answer from the regulator's rules for the planned role."""
    initial = {}
    profession = _profession_of(request.user)
    if profession:
        initial["profession"] = profession.pk
    # Links from role and plan pages pre-fill the form; only a submitted form is checked.
    submitted = "revalidation_due" in request.GET
    initial.update({k: v for k, v in request.GET.items() if v})
    form = CheckerForm(request.GET if submitted else None, initial=initial)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        role = Role.objects.prefetch_related("typical_professions").get(
            pk=data["planned_role"].pk
        )
        regulator = data["profession"].regulator
        result = check_registration(
            CheckInput(
                regulator=regulator,
                role=selectors.planned_role(role, data["profession"]),
                clinical_sessions=data["clinical_sessions"] or 0,
                revalidation_due=data["revalidation_due"],
                dual_registration=data["dual_registration"],
            )
        )
        result.articles = list(
            GuidanceArticle.objects.published().filter(regulator=regulator)
        )
    return render(request, "careers/checker.html", {"form": form, "result": result})


@login_required
def advice_list(request: HttpRequest) -> HttpResponse:
    form = AdviceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advice = services.advice_request_create(
                requester=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Your question was sent to the advisory service.")
            return redirect("careers:advice-detail", pk=advice.pk)
    page, querystring = _page(request, selectors.advice_list(user=request.user))
    return render(
        request,
        "careers/advice_list.html",
        {"form": form, "page_obj": page, "querystring": querystring},
    )


@login_required
def advice_queue(request: HttpRequest) -> HttpResponse:
    if not selectors.can_edit(request.user):
        raise Http404
    status = request.GET.get("status", "open")
    qs = selectors.advice_list(user=request.user, queue=True)
    if status in AdviceStatus.values:
        qs = qs.filter(status=status)
    page, querystring = _page(request, qs)
    return render(
        request,
        "careers/advice_queue.html",
        {
            "page_obj": page,
            "querystring": querystring,
            "status": status,
            "statuses": AdviceStatus.choices,
        },
    )


@login_required
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    advice = selectors.advice_get(pk=pk, user=request.user)
    form = AdviceReplyForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "close":
            services.advice_close(request=advice, user=request.user)
            messages.success(request, "The request was closed.")
            return redirect("careers:advice-detail", pk=advice.pk)
        if form.is_valid():
            try:
                services.advice_reply(
                    request=advice, author=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Your message was sent.")
                return redirect("careers:advice-detail", pk=advice.pk)
    return render(
        request,
        "careers/advice_detail.html",
        {
            "advice": advice,
            "form": form,
            "is_adviser": selectors.can_edit(request.user),
        },
    )
