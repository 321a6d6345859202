"""Succession per board role in an organisation: who could step up, and from where.

Candidates are live profiles on the programme, homed in the organisation (or beneath
it), whose target role is a board role; readiness is their latest review's. One GROUP BY
gives the readiness and profession-group counts; one capped query names the people.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, F, QuerySet

from careers.models import ProfessionGroup, Role
from leadership.models import Organisation
from talent.models import Readiness, TalentProfile
from talent.selectors.grid import with_latest_review

NAMED_LIMIT = 200
NOT_REVIEWED = "none"
READINESS_COLUMNS = [*Readiness.choices, (NOT_REVIEWED, "Not yet reviewed")]


def succession(
    *, profiles: QuerySet[TalentProfile], organisation: Organisation
) -> dict[str, Any]:
    """Readiness by board role, profession groups covered, and the named candidates."""
    roles = list(
        Role.objects.exclude(board_seat="")
        .select_related("level")
        .order_by("-level__rank", "sort_order", "name")
    )
    candidates = with_latest_review(
        profiles.in_grid()
        .filter(
            organisation__path__startswith=organisation.path,
            target_role__in=[r.pk for r in roles],
        )
        .order_by(),
        "readiness",
    )
    rows = (
        candidates.values("target_role_id", "latest_readiness", "profession__group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    readiness: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    groups: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        role_id = r["target_role_id"]
        readiness[role_id][r["latest_readiness"] or NOT_REVIEWED] += r["n"]
        groups[role_id][r["profession__group"]] += r["n"]
    named: dict[int, list[Any]] = defaultdict(list)
    order = {code: i for i, (code, _) in enumerate(READINESS_COLUMNS)}
    people = (
        candidates.select_related("person", "profession")
        .annotate(role_id=F("target_role_id"))
        .order_by("person__full_name", "pk")[:NAMED_LIMIT]
    )
    for p in people:
        named[p.role_id].append(p)
    for role_id in named:
        named[role_id].sort(key=lambda p: order[p.latest_readiness or NOT_REVIEWED])
    profession_groups = [
        (code, label)
        for code, label in ProfessionGroup.choices
        if code != ProfessionGroup.NON_CLINICAL
    ] + [(ProfessionGroup.NON_CLINICAL, ProfessionGroup.NON_CLINICAL.label)]
    return {
        "readiness_columns": READINESS_COLUMNS,
        "profession_groups": profession_groups,
        "roles": [
            {
                "role": role,
                "readiness": [readiness[role.pk][c] for c, _ in READINESS_COLUMNS],
                "total": sum(readiness[role.pk].values()),
                "groups": [groups[role.pk][c] for c, _ in profession_groups],
                "missing": [
                    label for c, label in profession_groups if not groups[role.pk][c]
                ],
                "people": named.get(role.pk, []),
            }
            for role in roles
        ],
        "named_limit": NAMED_LIMIT,
    }
