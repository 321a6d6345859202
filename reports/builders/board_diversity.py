"""Board-diversity report: who sits on the boards of a scope, and who is missing.

Seats held on the date are counted by executive or non-executive seat and vote, by
background (clinical or not, each profession), by contract (interim and fixed-term),
with tenure; sex, ethnicity (WRES White/BME) and disability are counted for all, voting
and executive members beside the same groups in the workforce, so the presenter can
give indicator 9's percentage-point gap (voting members against the overall workforce).
"Not declared" is kept as its own group everywhere, for the declaration rate.

Counts only, as in the ceiling report: reports.presenters derives every share and gap
after applying the reader's small-number rule. The chief-executive roll-up reuses
leadership.selectors.statistics.role_statistics so the figures match /leaders/statistics/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
)

from careers.models import Profession, ProfessionGroup, Role
from leadership.models import ContractType, Organisation
from leadership.selectors.statistics import role_statistics
from reports.builders.ceiling import scope_summary
from reports.builders.common import Progress, board_seats, latest_workforce

NOT_DECLARED = "not_declared"
# (dimension, board lookup, workforce lookup, {group: Q on the value}); the first group
# is the one the gap is about (women, BME, disabled).
DIMENSIONS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("sex", "person__sex", "sex", {"F": ["F"], "M": ["M"]}),
    (
        "ethnicity",
        "person__ethnic_category__wres_group",
        "ethnic_category__wres_group",
        {"bme": ["bme"], "white": ["white"]},
    ),
    ("disability", "person__disability", "disability", {"Y": ["Y"], "N": ["N"]}),
]
POPULATIONS = {
    "all": Q(),
    "voting": Q(is_voting=True),
    "executive": Q(board_seat="executive"),
}
CHIEF_EXECUTIVE = "chief-executive"


def _group_q(lookup: str, groups: dict[str, list[str]], group: str) -> Q:
    """Q for one group of a dimension; "not declared" is everything else, incl. null."""
    if group != NOT_DECLARED:
        return Q(**{f"{lookup}__in": groups[group]})
    declared = [v for values in groups.values() for v in values]
    return ~Q(**{f"{lookup}__in": declared}) | Q(**{f"{lookup}__isnull": True})


def _seat_aggregates(as_of: dt.date) -> dict[str, Any]:
    temporary = [ContractType.INTERIM, ContractType.FIXED_TERM]
    ceo = Q(role__code=CHIEF_EXECUTIVE)
    executive = Q(board_seat="executive")
    aggregates: dict[str, Any] = {
        "total": Count("id"),
        "executive": Count("id", filter=executive),
        "non_executive": Count("id", filter=Q(board_seat="non_executive")),
        "voting": Count("id", filter=Q(is_voting=True)),
        "executive_voting": Count("id", filter=executive & Q(is_voting=True)),
        "non_executive_voting": Count(
            "id", filter=Q(board_seat="non_executive", is_voting=True)
        ),
        "clinical": Count("id", filter=Q(person__profession__is_clinical=True)),
        "voting_clinical": Count(
            "id", filter=Q(is_voting=True, person__profession__is_clinical=True)
        ),
        "interim_or_fixed_term": Count("id", filter=Q(contract_type__in=temporary)),
        "acting": Count("id", filter=Q(contract_type=ContractType.ACTING)),
        "tenure_mean": Avg(
            ExpressionWrapper(
                Value(as_of) - F("start_date"), output_field=DurationField()
            )
        ),
        "ceo_total": Count("id", filter=ceo),
        "ceo_interim_or_fixed_term": Count(
            "id", filter=ceo & Q(contract_type__in=temporary)
        ),
        "ceo_women": Count("id", filter=ceo & Q(person__sex="F")),
        "ceo_sex_declared": Count("id", filter=ceo & Q(person__sex__in=["F", "M"])),
        "ceo_bme": Count(
            "id", filter=ceo & Q(person__ethnic_category__wres_group="bme")
        ),
        "ceo_ethnicity_declared": Count(
            "id",
            filter=ceo & Q(person__ethnic_category__wres_group__in=["bme", "white"]),
        ),
        "exec_women": Count("id", filter=executive & Q(person__sex="F")),
        "exec_sex_declared": Count(
            "id", filter=executive & Q(person__sex__in=["F", "M"])
        ),
    }
    for name, lookup, _, groups in DIMENSIONS:
        for group in [*groups, NOT_DECLARED]:
            for population, pop_q in POPULATIONS.items():
                aggregates[f"{name}:{group}:{population}"] = Count(
                    "id", filter=pop_q & _group_q(lookup, groups, group)
                )
    return aggregates


def _days(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return round(value.days + value.seconds / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # microseconds (SQLite)


def build_board_diversity(
    *, scope: Organisation, as_of: dt.date, progress: Progress
) -> dict[str, Any]:
    """Count board seats and workforce by every dimension (a fixed number of queries)."""
    progress(5, "Finding each organisation's latest workforce snapshot")
    workforce, n_bodies = latest_workforce(scope, as_of)

    progress(20, "Counting the workforce by sex, ethnicity and disability")
    wf_aggregates: dict[str, Any] = {"total": Sum("headcount")}
    for name, _, lookup, groups in DIMENSIONS:
        for group in [*groups, NOT_DECLARED]:
            wf_aggregates[f"{name}:{group}"] = Sum(
                "headcount", filter=_group_q(lookup, groups, group)
            )
    wf = {k: v or 0 for k, v in workforce.aggregate(**wf_aggregates).items()}

    progress(45, "Counting board seats by seat, vote, contract and demographics")
    seats = board_seats(scope, as_of)
    agg = seats.aggregate(**_seat_aggregates(as_of))
    n_seats = agg["total"]
    tenure_median = None
    if n_seats:
        ordered = seats.order_by("-start_date").values_list("start_date", flat=True)
        middle = list(ordered[(n_seats - 1) // 2 : n_seats // 2 + 1])
        tenure_median = sum((as_of - d).days for d in middle) / len(middle)

    progress(60, "Counting board members by profession")
    by_profession = {
        r["person__profession_id"]: r
        for r in seats.values("person__profession_id")
        .annotate(
            all=Count("id"),
            voting=Count("id", filter=Q(is_voting=True)),
            executive=Count("id", filter=Q(board_seat="executive")),
        )
        .order_by()
    }
    professions = [
        {
            "code": p["code"],
            "name": p["name"],
            "group": p["group"],
            "is_clinical": p["is_clinical"],
            **{k: by_profession[p["id"]][k] for k in ("all", "voting", "executive")},
        }
        for p in Profession.objects.values("id", "code", "name", "group", "is_clinical")
        if p["id"] in by_profession
    ]
    labels = dict(ProfessionGroup.choices)
    groups = []
    for code in ProfessionGroup.values:
        members = [p for p in professions if p["group"] == code]
        groups.append(
            {
                "code": code,
                "name": labels[code],
                "is_clinical": code != ProfessionGroup.NON_CLINICAL,
                **{
                    k: sum(p[k] for p in members)
                    for k in ("all", "voting", "executive")
                },
            }
        )

    progress(70, "Finding which professions are missing from each board")
    present = seats.values_list(
        "organisation_id", "person__profession__group"
    ).distinct()
    boards: dict[int, set[str]] = {}
    for org_id, group in present:
        found = boards.setdefault(org_id, set())
        found.add(ProfessionGroup.MEDICAL if group == ProfessionGroup.DENTAL else group)
    absent = [
        {
            "group": g.value,
            "name": g.label,
            "boards_without": sum(1 for found in boards.values() if g not in found),
        }
        for g in ProfessionGroup
        if g not in (ProfessionGroup.NON_CLINICAL, ProfessionGroup.DENTAL)
    ]

    progress(80, "Summarising chief executives")
    ceo_role = Role.objects.filter(code=CHIEF_EXECUTIVE).first()
    ceo_stats = (
        role_statistics(
            role=ceo_role, within=None if scope.depth == 0 else scope, as_of=as_of
        )
        if ceo_role
        else None
    )

    progress(95, "Assembling the result")
    demographics = {}
    for name, _, _, dim_groups in DIMENSIONS:
        keys = [*dim_groups, NOT_DECLARED]
        demographics[name] = {
            "groups": keys,
            "focus": keys[0],
            "board": {
                population: {g: agg[f"{name}:{g}:{population}"] for g in keys}
                for population in POPULATIONS
            },
            "workforce": {g: wf[f"{name}:{g}"] for g in keys},
        }
    return {
        "kind": "board-diversity",
        "scope": scope_summary(scope),
        "as_of": as_of.isoformat(),
        "organisations": n_bodies,
        "boards": len(boards),
        "workforce_total": wf["total"],
        "seats": {
            k: agg[k]
            for k in (
                "total",
                "executive",
                "non_executive",
                "voting",
                "executive_voting",
                "non_executive_voting",
                "clinical",
                "voting_clinical",
                "interim_or_fixed_term",
                "acting",
            )
        },
        "tenure_days": {
            "count": n_seats,
            "mean": _days(agg["tenure_mean"]),
            "median": tenure_median,
        },
        "professions": professions,
        "groups": groups,
        "absent": absent,
        "demographics": demographics,
        "chief_executives": {
            "seats": agg["ceo_total"],
            "interim_or_fixed_term": agg["ceo_interim_or_fixed_term"],
            "women": agg["ceo_women"],
            "sex_declared": agg["ceo_sex_declared"],
            "bme": agg["ceo_bme"],
            "ethnicity_declared": agg["ceo_ethnicity_declared"],
            "people": ceo_stats["people_current"] if ceo_stats else 0,
            "clinicians": ceo_stats["current_clinical"]["people"] if ceo_stats else 0,
            "clinicians_by_group": [
                {"group": r["group"], "name": r["label"], "people": r["people"]}
                for r in (ceo_stats["current_clinicians_by_group"] if ceo_stats else [])
            ],
            "tenure_days": ceo_stats["tenure_days"] if ceo_stats else None,
            "completed_tenure_days": (
                ceo_stats["completed_tenure_days"] if ceo_stats else None
            ),
        },
        "executives": {
            "seats": agg["executive"],
            "women": agg["exec_women"],
            "sex_declared": agg["exec_sex_declared"],
        },
    }
