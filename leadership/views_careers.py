"""Careers pages that need people data, so they live in leadership (careers sits below
it): routes people actually took to a role beside the curated steps, the role
comparison with today's holders, and registrations due for renewal (national admins)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import Role as UserRole
from accounts.scoping import has_role
from careers import selectors as careers_selectors
from careers.models import Profession
from leadership.selectors import routes
from leadership.services.reminders import registrations_due


@login_required
def role_routes(request: HttpRequest, code: str) -> HttpResponse:
    """Curated steps into a role beside the routes observed in career timelines."""
    role = careers_selectors.role_get(code=code, user=request.user)
    return render(
        request,
        "leadership/careers_role_routes.html",
        {
            "role": role,
            "curated": careers_selectors.role_steps(role=role, user=request.user)[
                "into"
            ],
            "observed": routes.observed_routes(role=role),
        },
    )


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """Two or three roles side by side, with how many of a profession hold each today."""
    codes = [c for c in request.GET.getlist("role") if c][:3]
    profession = None
    profession_id = request.GET.get("profession")
    if profession_id and profession_id.isdigit():
        profession = (
            Profession.objects.select_related("regulator")
            .filter(pk=profession_id)
            .first()
        )
    elif getattr(request.user, "person", None) is not None:
        profession = request.user.person.profession
    roles = careers_selectors.compare_roles(codes=codes, user=request.user)
    return render(
        request,
        "leadership/careers_compare.html",
        {
            "roles": roles,
            "codes": codes,
            "choices": careers_selectors.role_list(user=request.user),
            "professions": Profession.objects.filter(is_clinical=True),
            "profession": profession,
            "implications": careers_selectors.regulator_implications(
                roles=roles, profession=profession
            ),
            "holders": routes.holders_today(
                roles=roles, profession_id=profession.pk if profession else None
            ),
            "too_few": 0 < len(codes) < 2,
        },
    )


@login_required
def registrations_due_list(request: HttpRequest) -> HttpResponse:
    """Senior leaders with a registration due in the next 90 days (national admins)."""
    if not has_role(request.user, UserRole.NATIONAL_ADMIN):
        raise Http404
    page = Paginator(registrations_due(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "leadership/careers_registrations_due.html",
        {"page_obj": page, "querystring": ""},
    )
