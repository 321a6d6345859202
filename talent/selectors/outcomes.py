"""Outcomes: who moved up a level or reached a board within 12, 24 and 36 months.

Read from the person's own timeline (leadership Appointment rows), never a flag on the
profile: the baseline is the highest level held on the day the person joined (or the
cohort started); a move up is a later post at a higher level; a board post is any post
with a board seat. Each window counts only people whose window has fully elapsed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from accounts.disclosure import Disclosure
from leadership.models import Appointment
from talent.models import CohortMembership, TalentProfile

WINDOWS = (12, 24, 36)


def _days(months: int) -> dt.timedelta:
    return dt.timedelta(days=round(months * 365.25 / 12))


def _with_moves(qs: QuerySet, person: str, baseline: str) -> QuerySet:
    """Annotate base_on, base_rank, first_up (date) and first_board (date)."""
    posts = Appointment.objects.filter(person_id=OuterRef(person))
    qs = qs.annotate(base_on=F(baseline)).annotate(
        base_rank=Subquery(
            posts.filter(start_date__lte=OuterRef("base_on"))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("base_on")))
            .order_by("-level__rank")
            .values("level__rank")[:1]
        )
    )
    return qs.annotate(
        first_up=Subquery(
            posts.filter(
                start_date__gt=OuterRef("base_on"),
                level__rank__gt=OuterRef("base_rank"),
            )
            .order_by("start_date")
            .values("start_date")[:1]
        ),
        first_board=Subquery(
            posts.filter(start_date__gt=OuterRef("base_on"))
            .exclude(board_seat="")
            .order_by("start_date")
            .values("start_date")[:1]
        ),
    )


def _counts(on: dt.date) -> dict[str, Count]:
    counts: dict[str, Count] = {}
    for months in WINDOWS:
        cutoff = on - _days(months)
        end = ExpressionWrapper(F("base_on") + _days(months), output_field=DateField())
        elapsed = Q(base_on__lte=cutoff)
        counts[f"n_{months}"] = Count("pk", filter=elapsed)
        counts[f"up_{months}"] = Count("pk", filter=elapsed & Q(first_up__lte=end))
        counts[f"board_{months}"] = Count(
            "pk", filter=elapsed & Q(first_board__lte=end)
        )
    return counts


def _rows(qs: QuerySet, group: str, disclosure: Disclosure) -> list[dict[str, Any]]:
    rows = []
    for r in qs:
        windows = []
        for m in WINDOWS:
            n = r[f"n_{m}"]
            windows.append(
                {
                    "months": m,
                    "eligible": disclosure.count(n),
                    "moved_up": disclosure.count(r[f"up_{m}"]),
                    "moved_up_share": disclosure.share(r[f"up_{m}"], n),
                    "board": disclosure.count(r[f"board_{m}"]),
                }
            )
        rows.append(
            {"group": r[group], "profession": r["profession_name"], "windows": windows}
        )
    return rows


def outcomes_by_entry_level(
    profiles: QuerySet[TalentProfile], disclosure: Disclosure, on: dt.date | None = None
) -> list[dict[str, Any]]:
    """Rows per entry level and profession, baseline the date the person joined."""
    on = on or dt.date.today()
    qs = (
        _with_moves(profiles.order_by(), "person_id", "joined_on")
        .values(
            "entry_level__order",
            group=F("entry_level__name"),
            profession_name=F("profession__name"),
        )
        .annotate(**_counts(on))
        .order_by("entry_level__order", "profession_name")
    )
    return _rows(qs, "group", disclosure)


def outcomes_by_cohort(
    profiles: QuerySet[TalentProfile], disclosure: Disclosure, on: dt.date | None = None
) -> list[dict[str, Any]]:
    """Rows per cohort and profession, baseline the cohort's start date."""
    on = on or dt.date.today()
    members = CohortMembership.objects.filter(profile__in=profiles.values("pk"))
    qs = (
        _with_moves(members.order_by(), "profile__person_id", "cohort__starts_on")
        .values(
            "cohort__year",
            group=F("cohort__name"),
            profession_name=F("profile__profession__name"),
        )
        .annotate(**_counts(on))
        .order_by("-cohort__year", "group", "profession_name")
    )
    return _rows(qs, "group", disclosure)
