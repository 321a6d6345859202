"""Reads for regulation pages: regulators with rules, guidance articles."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.roles import CONTENT_WRITERS
from accounts.scoping import has_role
from regulation.models import ArticleStatus, GuidanceArticle, Regulator, RegulatorRule


def _articles(user: Any) -> QuerySet[GuidanceArticle]:
    qs = GuidanceArticle.objects.select_related("regulator")
    if not has_role(user, *CONTENT_WRITERS):
        qs = qs.filter(status=ArticleStatus.PUBLISHED)
    return qs


def regulator_list() -> QuerySet[Regulator]:
    return Regulator.objects.annotate(
        rule_count=Count("rules", distinct=True)
    ).prefetch_related("professions")


def regulator_get(*, code: str, user: Any) -> Regulator:
    regulator = (
        Regulator.objects.prefetch_related(
            Prefetch("rules", queryset=RegulatorRule.objects.order_by("topic", "kind")),
            Prefetch("articles", queryset=_articles(user)),
            "professions",
        )
        .filter(code__iexact=code)
        .first()
    )
    if regulator is None:
        raise Http404("No such regulator.")
    return regulator


def article_list(*, user: Any) -> QuerySet[GuidanceArticle]:
    return _articles(user)


def article_get(*, slug: str, user: Any) -> GuidanceArticle:
    article = _articles(user).filter(slug=slug).first()
    if article is None:
        raise Http404("No such article.")
    return article


def related_articles(article: GuidanceArticle, user: Any) -> list[GuidanceArticle]:
    return list(
        _articles(user)
        .filter(Q(regulator=article.regulator) | Q(topic=article.topic))
        .exclude(pk=article.pk)[:5]
    )
