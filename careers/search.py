"""Full-text search across roles, pathways, case studies and guidance.

PostgreSQL uses its full-text search (SearchVector, SearchQuery with websearch syntax,
ranked by SearchRank); SQLite, used for local runs and quick tests, falls back to a
case-insensitive match on every word. Only published content is searched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse

from careers.models import CaseStudy, Pathway, PublishStatus, Role
from regulation.models import ArticleStatus, GuidanceArticle

LIMIT = 20


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    summary: str
    url: str
    rank: float = 0.0


SOURCES: list[tuple[str, type, list[str], str]] = [
    ("Role", Role, ["name", "purpose"], "name"),
    ("Pathway", Pathway, ["title", "summary"], "title"),
    ("Case study", CaseStudy, ["title", "summary", "story"], "title"),
    ("Guidance", GuidanceArticle, ["title", "summary", "body"], "title"),
]


def _published(model: type) -> QuerySet:
    if model is GuidanceArticle:
        return GuidanceArticle.objects.filter(status=ArticleStatus.PUBLISHED)
    return model.objects.filter(status=PublishStatus.PUBLISHED)


def _match(qs: QuerySet, fields: list[str], query: str) -> QuerySet:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config="english")
        sq = SearchQuery(query, config="english", search_type="websearch")
        return (
            qs.annotate(rank=SearchRank(vector, sq))
            .filter(rank__gt=0)
            .order_by("-rank")
        )
    words = [w for w in query.split() if w]
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(any_field)
    return qs


def _url(kind: str, obj: object) -> str:
    if kind == "Role":
        return reverse("careers:role-detail", args=[obj.code])  # type: ignore[attr-defined]
    if kind == "Pathway":
        return reverse("careers:pathway-detail", args=[obj.code])  # type: ignore[attr-defined]
    if kind == "Case study":
        return reverse("careers:case-study-detail", args=[obj.slug])  # type: ignore[attr-defined]
    return reverse("regulation:article-detail", args=[obj.slug])  # type: ignore[attr-defined]


def search(query: str) -> list[Hit]:
    """Return up to LIMIT hits per kind, best first on PostgreSQL (one query per kind)."""
    query = query.strip()[:200]
    if not query:
        return []
    hits: list[Hit] = []
    for kind, model, fields, title_field in SOURCES:
        summary_field = fields[1]
        for obj in _match(_published(model), fields, query)[:LIMIT]:
            hits.append(
                Hit(
                    kind=kind,
                    title=getattr(obj, title_field),
                    summary=getattr(obj, summary_field)[:200],
                    url=_url(kind, obj),
                    rank=float(getattr(obj, "rank", 0.0) or 0.0),
                )
            )
    if connection.vendor == "postgresql":
        hits.sort(key=lambda h: -h.rank)
    return hits
