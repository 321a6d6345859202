"""Helpers every talent page uses: who may open talent-lead pages, and paging."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from accounts.roles import Role
from accounts.scoping import has_role

PAGE_SIZE = 50


def require_talent_reader(user: Any) -> None:
    """Talent leads and national admins only; everyone else gets 404, not 403."""
    if not has_role(user, Role.TALENT_LEAD, Role.NATIONAL_ADMIN):
        raise Http404


def paginate(request: HttpRequest, queryset: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def querystring(request: HttpRequest, *drop: str) -> str:
    """The current GET parameters without `page` (and `drop`), for links that keep
    the filters."""
    query = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode()
