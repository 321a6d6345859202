"""Routes people actually took to a role, mined from career timelines, and how many
people hold roles today: shown beside the curated pathways and role comparisons.

Every figure is a database aggregate: each person's first appointment to the role is
kept (NOT EXISTS an earlier one), the previous post is a correlated subquery (the latest
post with a catalogue role that started before it), and the rows are grouped by that
previous role. Medians use one ordered, offset query per previous role shown (a fixed
number), never a loop over instances. Counts follow the small-number rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from accounts.disclosure import SUPPRESS, Disclosure
from careers.models import ProfessionGroup, Role
from leadership.models import Appointment

DAYS_A_YEAR = 365.25


@dataclass
class ObservedRoutes:
    role: Role
    people: int | str | None
    previous: list[dict[str, Any]] = field(default_factory=list)
    professions: list[dict[str, Any]] = field(default_factory=list)
    median_years: float | str | None = None


def first_appointments(role: Role) -> QuerySet[Appointment]:
    """Each person's first appointment to the role, with the post they held before it."""
    earlier = Appointment.objects.filter(
        person=OuterRef("person"), role=role, start_date__lt=OuterRef("start_date")
    )
    previous = (
        Appointment.objects.filter(
            person=OuterRef("person"),
            start_date__lt=OuterRef("start_date"),
            role__isnull=False,
        )
        .exclude(role=role)
        .order_by("-start_date", "-pk")
    )
    return (
        Appointment.objects.filter(role=role)
        .filter(~Exists(earlier))
        .annotate(
            previous_role=Subquery(previous.values("role")[:1]),
            previous_start=Subquery(previous.values("start_date")[:1]),
        )
    )


def _median_years(rows: QuerySet[Appointment], count: int) -> float | None:
    """Median years from the previous post's start to this one, in one query."""
    if count == 0:
        return None
    gaps = (
        rows.filter(previous_start__isnull=False)
        .annotate(
            gap=ExpressionWrapper(
                F("start_date") - F("previous_start"), output_field=DurationField()
            )
        )
        .order_by("gap")
        .values_list("gap", flat=True)
    )
    middle = list(gaps[(count - 1) // 2 : count // 2 + 1])
    days = [
        g.days + g.seconds / 86400 if isinstance(g, dt.timedelta) else g / 86400e6
        for g in middle
    ]
    return round(sum(days) / len(days) / DAYS_A_YEAR, 1)


def observed_routes(
    *, role: Role, disclosure: Disclosure = SUPPRESS, top: int = 6
) -> ObservedRoutes:
    """The most common previous roles, the median years between the steps, and the share
    of people from each profession group, for everyone ever appointed to the role."""
    rows = first_appointments(role)
    total = rows.count()
    previous = list(
        rows.values("previous_role")
        .annotate(n=Count("pk"))
        .order_by("-n", "previous_role")[:top]
    )
    names = dict(
        Role.objects.filter(pk__in=[r["previous_role"] for r in previous]).values_list(
            "pk", "name"
        )
    )
    with_previous = rows.filter(previous_start__isnull=False).count()
    result = ObservedRoutes(
        role=role,
        people=disclosure.count(total),
        median_years=disclosure.statistic(
            _median_years(rows, with_previous), based_on=with_previous
        ),
    )
    for r in previous:
        n = r["n"]
        pk = r["previous_role"]
        median = (
            _median_years(rows.filter(previous_role=pk), n) if pk is not None else None
        )
        result.previous.append(
            {
                "role_id": pk,
                "name": names.get(pk, "No earlier post recorded"),
                "people": disclosure.count(n),
                "share": disclosure.share(n, total),
                "median_years": disclosure.statistic(median, based_on=n),
            }
        )
    labels = dict(ProfessionGroup.choices)
    for r in (
        rows.values("person__profession__group")
        .annotate(n=Count("person", distinct=True))
        .order_by("-n", "person__profession__group")
    ):
        result.professions.append(
            {
                "group": r["person__profession__group"],
                "label": labels.get(r["person__profession__group"], ""),
                "people": disclosure.count(r["n"]),
                "share": disclosure.share(r["n"], total),
            }
        )
    return result


def holders_today(
    *,
    roles: list[Role],
    profession_id: int | None,
    on: dt.date | None = None,
    disclosure: Disclosure = SUPPRESS,
) -> dict[int, dict[str, Any]]:
    """People holding each role today, in all and of one profession (one query)."""
    rows = (
        Appointment.objects.current(on)
        .filter(role__in=roles)
        .values("role_id")
        .annotate(
            total=Count("person", distinct=True),
            same=Count(
                "person", distinct=True, filter=Q(person__profession_id=profession_id)
            ),
        )
    )
    found = {r["role_id"]: r for r in rows}
    return {
        role.pk: {
            "total": disclosure.count(found.get(role.pk, {}).get("total", 0)),
            "same": disclosure.count(found.get(role.pk, {}).get("same", 0)),
        }
        for role in roles
    }
