"""The talent lead's cohort dashboard: grid, pipeline and the to-do lists.

A fixed number of queries whatever the data size: one GROUP BY for the nine-box, one
aggregate for the totals, one GROUP BY for the pipeline and short capped lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.disclosure import SHOW_ALL, SUPPRESS, Disclosure, disclose_table
from accounts.roles import TALENT_READERS
from accounts.scoping import is_national, scope_paths
from leadership.models import Organisation, OrganisationKind
from talent.models import DevelopmentAction, EntryLevel, TalentProfile
from talent.selectors.grid import (
    nine_box_counts,
    nine_box_grid,
    overdue_before,
    overdue_q,
    review_interval_days,
    with_review_due,
)

LIST_LIMIT = 10
SINGLE_BODIES = frozenset(
    {OrganisationKind.TRUST, OrganisationKind.SUB_ICB, OrganisationKind.NATIONAL_BODY}
)


def talent_disclosure(*, user: Any, organisation: Organisation | None) -> Disclosure:
    """Counts within one organisation show in full (its talent lead knows the people);
    any aggregate across organisations, national admins' included, follows the
    small-number rule (accounts.disclosure)."""
    if organisation is not None:
        return SHOW_ALL if organisation.kind in SINGLE_BODIES else SUPPRESS
    if is_national(user, TALENT_READERS):
        return SUPPRESS
    paths = scope_paths(user, TALENT_READERS)
    if len(paths) != 1:
        return SUPPRESS
    kind = Organisation.objects.filter(path=paths[0]).values_list("kind", flat=True)
    return SHOW_ALL if kind.first() in SINGLE_BODIES else SUPPRESS


def pipeline(
    profiles: QuerySet[TalentProfile], disclosure: Disclosure
) -> dict[str, Any]:
    """Profiles by profession (rows) and entry level (columns), one GROUP BY."""
    levels = list(EntryLevel.objects.order_by("order").values("pk", "name", "code"))
    rows = (
        profiles.order_by()
        .values("profession__name", "profession__sort_order", "entry_level_id")
        .annotate(n=Count("pk"))
        .order_by("profession__sort_order", "profession__name")
    )
    table: dict[str, dict[int, int]] = {}
    for r in rows:
        table.setdefault(r["profession__name"], {})[r["entry_level_id"]] = r["n"]
    names = list(table)
    # Row totals are shown, column totals are not: secondary suppression on the rows.
    shown = disclose_table(
        disclosure,
        [[table[name].get(lv["pk"], 0) for lv in levels] for name in names],
        column_totals=False,
    )
    return {
        "levels": levels,
        "rows": [
            {"profession": name, "cells": cells, "total": total}
            for name, cells, total in zip(
                names, shown.cells, shown.row_totals, strict=True
            )
        ],
    }


def disclosed_grid(
    counts: dict[int | None, int], disclosure: Disclosure
) -> tuple[list[dict[str, Any]], int | str, int | str]:
    """The grid with its not-reviewed count and total, suppressed together.

    The page shows the nine boxes, the people not yet reviewed and the total: one line
    whose parts sum to its total, so a lone hidden part could be worked out by
    subtraction. The shared secondary suppression hides a second part when that happens.
    """
    parts = [counts.get(box, 0) for box in range(1, 10)] + [counts.get(None, 0)]
    shown = disclose_table(disclosure, [parts], column_totals=False)
    by_box = dict(zip(range(1, 10), shown.cells[0][:9], strict=True))
    grid = nine_box_grid(counts, disclosure, shown=by_box)
    return grid, shown.cells[0][9], shown.row_totals[0]


def dashboard(
    *,
    profiles: QuerySet[TalentProfile],
    disclosure: Disclosure,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the dashboard draws, for profiles already scoped and filtered."""
    on = on or dt.date.today()
    profiles = profiles.order_by()
    counts = nine_box_counts(profiles)
    due = with_review_due(profiles)
    totals = due.aggregate(
        total=Count("pk"),
        no_sponsor=Count("pk", filter=Q(sponsor__isnull=True)),
        overdue=Count("pk", filter=overdue_q(on)),
    )
    actions = DevelopmentAction.objects.overdue(on).filter(
        profile__in=profiles.values("pk")
    )
    grid, not_reviewed, total = disclosed_grid(counts, disclosure)
    return {
        "grid": grid,
        "not_reviewed": not_reviewed,
        "total": total,
        "no_sponsor": disclosure.count(totals["no_sponsor"]),
        "overdue_reviews": disclosure.count(totals["overdue"]),
        "overdue_actions": disclosure.count(actions.count()),
        "pipeline": pipeline(profiles, disclosure),
        "no_sponsor_list": list(
            profiles.filter(sponsor__isnull=True)
            .select_related("person", "organisation")
            .order_by("joined_on", "pk")[:LIST_LIMIT]
        ),
        "overdue_review_list": list(
            due.filter(overdue_q(on))
            .select_related("person", "organisation")
            .order_by("last_seen", "pk")[:LIST_LIMIT]
        ),
        "overdue_action_list": list(
            actions.select_related("profile__person", "host_organisation").order_by(
                "due_on", "pk"
            )[:LIST_LIMIT]
        ),
        "interval_days": review_interval_days(),
        "overdue_before": overdue_before(on),
    }
