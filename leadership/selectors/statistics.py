"""Statistics about who holds a role and how they got there, computed by the database.

For a role from the catalogue and any filtered set of people (and optionally an
organisation, ICB or region), answer: how many hold or held the role and their
backgrounds; age at first appointment; posts held per person; tenure; interim and
fixed-term share; and how many keep clinical work. Every figure is an aggregate query;
medians are read with one ordered, offset query, which works on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, Least

from accounts.disclosure import SHOW_ALL, SUPPRESS, Disclosure
from accounts.scoping import is_national
from careers.models import ProfessionGroup, Role
from leadership.models import Appointment, ContractType, Organisation, Person

TWO_YEARS = dt.timedelta(days=730)


@dataclass
class Summary:
    """Count, mean, median, minimum and maximum of one measure."""

    count: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None


def _median(values: QuerySet, field: str, count: int) -> float | None:
    """Median of `field` over `values` ordered by it: one query reading one or two rows."""
    if count == 0:
        return None
    ordered = values.order_by(field).values_list(field, flat=True)
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    numbers = [_number(v) for v in middle]
    return sum(numbers) / len(numbers)


def _number(value: Any) -> float:
    if isinstance(value, dt.timedelta):
        return value.days + value.seconds / 86400
    return float(value)


def _summary(values: QuerySet, field: str) -> Summary:
    agg = values.aggregate(
        n=Count(field), mean=Avg(field), low=Min(field), high=Max(field)
    )
    n = agg["n"]
    return Summary(
        count=n,
        mean=round(_number(agg["mean"]), 1) if agg["mean"] is not None else None,
        median=_median(values.filter(**{f"{field}__isnull": False}), field, n),
        min=_number(agg["low"]) if agg["low"] is not None else None,
        max=_number(agg["high"]) if agg["high"] is not None else None,
    )


def statistics_disclosure(*, user: Any, within: Organisation | None) -> Disclosure:
    """Figures for a whole nation are national totals; narrower scopes follow the
    small-number rule, except for national admins."""
    if within is None or within.depth == 0 or is_national(user):
        return SHOW_ALL
    return SUPPRESS


def role_posts(
    *,
    role: Role,
    people: QuerySet[Person] | None = None,
    within: Organisation | None = None,
    as_of: dt.date,
) -> QuerySet[Appointment]:
    """Appointments to the role that had started by `as_of`, for the people and place."""
    posts = Appointment.objects.filter(role=role, start_date__lte=as_of)
    if people is not None:
        posts = posts.filter(person__in=people.values("pk"))
    if within is not None:
        posts = posts.filter(organisation__path__startswith=within.path)
    return posts


def role_statistics(
    *,
    role: Role,
    people: QuerySet[Person] | None = None,
    within: Organisation | None = None,
    as_of: dt.date | None = None,
    disclosure: Disclosure = SHOW_ALL,
) -> dict[str, Any]:
    """Return every statistic for the role, ready for a page, the API or a command."""
    as_of = as_of or dt.date.today()
    posts = role_posts(role=role, people=people, within=within, as_of=as_of)
    current = posts.filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
    holders = Person.objects.filter(pk__in=posts.values("person"))
    current_holders = Person.objects.filter(pk__in=current.values("person"))

    def by_background(people_qs: QuerySet[Person]) -> list[dict[str, Any]]:
        rows = (
            people_qs.values("profession__group", "profession__is_clinical")
            .annotate(n=Count("pk"))
            .order_by("-n", "profession__group")
        )
        total = sum(r["n"] for r in rows)
        labels = dict(ProfessionGroup.choices)
        return [
            {
                "group": r["profession__group"],
                "label": labels.get(r["profession__group"], r["profession__group"]),
                "clinical": r["profession__is_clinical"],
                "people": disclosure.count(r["n"]),
                "share": disclosure.share(r["n"], total),
            }
            for r in rows
        ]

    n_ever = holders.count()
    n_current = current_holders.count()
    n_current_clinical = current_holders.filter(profession__is_clinical=True).count()

    # Age at first appointment to the role: first start year minus year of birth.
    first_start = Subquery(
        posts.filter(person=OuterRef("pk"))
        .order_by("start_date")
        .values("start_date")[:1]
    )
    ages = (
        holders.filter(year_of_birth__isnull=False)
        .annotate(first_start=first_start)
        .annotate(
            age=ExpressionWrapper(
                ExtractYear("first_start") - F("year_of_birth"),
                output_field=IntegerField(),
            )
        )
    )
    age = _summary(ages, "age")

    # Posts of this role held per person, and current holders in their first such post.
    post_count = Subquery(
        posts.filter(person=OuterRef("pk"))
        .values("person")
        .annotate(c=Count("pk"))
        .values("c")[:1],
        output_field=IntegerField(),
    )
    distribution = (
        holders.annotate(posts_held=post_count)
        .values("posts_held")
        .annotate(people=Count("pk"))
        .order_by("posts_held")
    )
    in_first_post = (
        current_holders.annotate(posts_held=post_count).filter(posts_held=1).count()
    )

    # Tenure in post, measured to the end date or to `as_of` for posts still held.
    tenures = posts.annotate(
        tenure=ExpressionWrapper(
            Least(Coalesce(F("end_date"), Value(as_of)), Value(as_of))
            - F("start_date"),
            output_field=DurationField(),
        )
    )
    tenure = _summary(tenures, "tenure")
    completed = tenures.filter(end_date__isnull=False, end_date__lt=as_of)
    completed_tenure = _summary(completed, "tenure")
    n_posts = tenure.count
    under_two_years = tenures.filter(tenure__lt=TWO_YEARS).count()

    temporary = [ContractType.INTERIM, ContractType.FIXED_TERM]
    n_current_posts = current.count()
    n_current_temporary = current.filter(contract_type__in=temporary).count()
    keeps_clinical = current_holders.filter(
        registrations__does_clinical_work=True
    ).distinct()
    n_keeps_clinical = keeps_clinical.count()

    def summary_out(s: Summary) -> dict[str, Any]:
        out = asdict(s)
        for key in ("mean", "median", "min", "max"):
            out[key] = disclosure.statistic(out[key], based_on=s.count)
        out["count"] = disclosure.count(s.count)
        return out

    return {
        "role": {"code": role.code, "name": role.name},
        "as_of": as_of.isoformat(),
        "within": within.ods_code if within else None,
        "people_ever": disclosure.count(n_ever),
        "people_current": disclosure.count(n_current),
        "current_clinical": {
            "people": disclosure.count(n_current_clinical),
            "share": disclosure.share(n_current_clinical, n_current),
        },
        "current_by_background": by_background(current_holders),
        "current_clinicians_by_group": by_background(
            current_holders.filter(profession__is_clinical=True)
        ),
        "ever_by_background": by_background(holders),
        "age_at_first_appointment": summary_out(age),
        "posts_per_person": [
            {"posts": r["posts_held"], "people": disclosure.count(r["people"])}
            for r in distribution
        ],
        "current_in_first_post": {
            "people": disclosure.count(in_first_post),
            "share": disclosure.share(in_first_post, n_current),
        },
        "tenure_days": summary_out(tenure),
        "completed_tenure_days": summary_out(completed_tenure),
        "tenure_under_two_years": {
            "posts": disclosure.count(under_two_years),
            "share": disclosure.share(under_two_years, n_posts),
        },
        "current_interim_or_fixed_term": {
            "posts": disclosure.count(n_current_temporary),
            "share": disclosure.share(n_current_temporary, n_current_posts),
        },
        "current_keep_clinical_work": {
            "people": disclosure.count(n_keeps_clinical),
            "share": disclosure.share(n_keeps_clinical, n_current),
        },
    }
