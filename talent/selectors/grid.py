"""The latest review per profile, the nine-box counts and the review-overdue rule.

Everything here is a queryset expression: the latest review is a correlated subquery
(`ORDER BY reviewed_on DESC, id DESC LIMIT 1`, served by the talent_review_latest
index), so the nine-box counts are one GROUP BY over profiles, never reviews in Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from talent.models import TalentProfile, TalentReview, nine_box_labels

DEFAULT_REVIEW_INTERVAL_DAYS = 365


def review_interval_days() -> int:
    """Days after which a profile's review is overdue (settings.TALENT_REVIEW_INTERVAL_DAYS)."""
    return int(
        getattr(settings, "TALENT_REVIEW_INTERVAL_DAYS", DEFAULT_REVIEW_INTERVAL_DAYS)
    )


def overdue_before(on: dt.date | None = None) -> dt.date:
    """A review (or, for people never reviewed, joining) before this date is overdue."""
    return (on or dt.date.today()) - dt.timedelta(days=review_interval_days())


def latest_review(field: str) -> Subquery:
    """`field` of the profile's most recent review (ties broken by the later row)."""
    return Subquery(
        TalentReview.objects.filter(profile=OuterRef("pk"))
        .order_by("-reviewed_on", "-id")
        .values(field)[:1]
    )


def with_latest_review(profiles: QuerySet[TalentProfile], *fields: str) -> QuerySet:
    """Annotate `latest_<field>` for each named field of the latest review."""
    return profiles.annotate(**{f"latest_{f}": latest_review(f) for f in fields})


def overdue_q(on: dt.date | None = None) -> Q:
    """Profiles (annotated with latest_reviewed_on) whose review is overdue.

    The rule: no review within the interval (default 12 months); someone never reviewed
    is overdue once they have been on the programme for the interval.
    """
    return Q(last_seen__lt=overdue_before(on))


def with_review_due(profiles: QuerySet[TalentProfile]) -> QuerySet:
    """Annotate latest_reviewed_on and last_seen (latest review, else joining date)."""
    return with_latest_review(profiles, "reviewed_on").annotate(
        last_seen=Coalesce(F("latest_reviewed_on"), F("joined_on"))
    )


def nine_box_counts(profiles: QuerySet[TalentProfile]) -> dict[int | None, int]:
    """{box: profiles} from ONE aggregate query; key None counts people not yet reviewed."""
    rows = (
        with_latest_review(profiles.order_by(), "nine_box")
        .values("latest_nine_box")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["latest_nine_box"]: r["n"] for r in rows}


# Rows from high potential to low, columns from low performance to high, as drawn.
GRID_ROWS = ((3, "High"), (2, "Moderate"), (1, "Low"))
GRID_COLUMNS = ((1, "Below expectations"), (2, "Meets expectations"), (3, "Exceeds"))


def nine_box_grid(
    counts: dict[int | None, int],
    disclosure: Any,
    shown: dict[int, int | str] | None = None,
) -> list[dict[str, Any]]:
    """Rows of cells ready for the grid template; `shown` gives each box's count as
    already disclosed with its totals (see talent.selectors.dashboard.disclosed_grid)."""
    labels = nine_box_labels()
    grid = []
    for potential, potential_label in GRID_ROWS:
        cells = []
        for performance, performance_label in GRID_COLUMNS:
            box = (potential - 1) * 3 + performance
            cells.append(
                {
                    "box": box,
                    "label": labels[box],
                    "count": (
                        shown[box] if shown else disclosure.count(counts.get(box, 0))
                    ),
                    "has_people": counts.get(box, 0) > 0,
                    "performance": performance_label,
                }
            )
        grid.append({"potential": potential_label, "cells": cells})
    return grid
