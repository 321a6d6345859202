"""Regulation pages: regulators and their rules, guidance, the return-to-practice plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regulation import selectors
from regulation.filters import ArticleFilter
from regulation.forms import ReturnForm
from regulation.returning import ReturnInput, return_plan


@login_required
def regulator_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "regulation/regulator_list.html",
        {"regulators": selectors.regulator_list()},
    )


@login_required
def regulator_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render(
        request,
        "regulation/regulator_detail.html",
        {"regulator": selectors.regulator_get(code=code, user=request.user)},
    )


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    filterset = ArticleFilter(
        request.GET or None, queryset=selectors.article_list(user=request.user)
    )
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regulation/article_list.html",
        {"filter": filterset, "page_obj": page, "querystring": query.urlencode()},
    )


@login_required
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_get(slug=slug, user=request.user)
    return render(
        request,
        "regulation/article_detail.html",
        {
            "article": article,
            "related": selectors.related_articles(article, request.user),
        },
    )


@login_required
def return_to_practice(request: HttpRequest) -> HttpResponse:
    form = ReturnForm(request.GET or None)
    plan = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        plan = return_plan(
            regulator=data["regulator"],
            given=ReturnInput(
                years_out=data["years_out"],
                hours_last_3_years=data["hours_last_3_years"],
                hours_last_5_years=data["hours_last_5_years"],
            ),
        )
    return render(
        request, "regulation/return_to_practice.html", {"form": form, "plan": plan}
    )
