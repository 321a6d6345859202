"""Equity audit: does the grid favour some groups? One GROUP BY over the talent pool.

For each characteristic (sex, WRES ethnic group, disability, profession group) the
audit compares the make-up of the whole pool with the make-up of each nine-box position
and of those rated ready now. Rows come back already aggregated by the database (one
row per combination of characteristics, at most a few hundred) and are folded here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.disclosure import SUPPRESSED, Disclosure, disclose_table, shown_share
from careers.models import ProfessionGroup
from leadership.models import Disability, EthnicCategory, Sex
from talent.models import Readiness, TalentProfile, nine_box_labels
from talent.selectors.grid import with_latest_review

NOT_RECORDED = "Not recorded"
DIMENSIONS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("Sex", "person__sex", dict(Sex.choices)),
    (
        "Ethnic group (WRES)",
        "person__ethnic_category__wres_group",
        dict(EthnicCategory.WresGroup.choices),
    ),
    ("Disability", "person__disability", dict(Disability.choices)),
    ("Profession", "profession__group", dict(ProfessionGroup.choices)),
)
BOXES = tuple(range(9, 0, -1))


def equity_audit(
    profiles: QuerySet[TalentProfile], disclosure: Disclosure
) -> dict[str, Any]:
    """Tables by characteristic: pool, each box and ready now, counts and shares."""
    keys = [field for _, field, _ in DIMENSIONS]
    counts = {f"box_{b}": Count("pk", filter=Q(latest_nine_box=b)) for b in BOXES}
    rows = list(
        with_latest_review(profiles.order_by(), "nine_box", "readiness")
        .values(*keys)
        .annotate(
            pool=Count("pk"),
            ready_now=Count("pk", filter=Q(latest_readiness=Readiness.READY_NOW)),
            **counts,
        )
        .order_by()
    )
    columns = ["pool", *counts, "ready_now"]
    totals = {c: sum(r[c] for r in rows) for c in columns}
    labels = nine_box_labels()
    built = []
    for title, field, names in DIMENSIONS:
        groups: dict[str, dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(columns, 0)
        )
        for r in rows:
            key = r[field] or ""
            for c in columns:
                groups[key][c] += r[c]
        order = [k for k in names if k in groups] + sorted(
            k for k in groups if k not in names
        )
        matrix = [[groups[k][c] for c in columns] for k in order]
        # Column totals are shown, row totals are not: secondary suppression by column.
        shown = disclose_table(disclosure, matrix, row_totals=False, width=len(columns))
        built.append((title, [names.get(k) or NOT_RECORDED for k in order], shown))
    # Every table shares the same totals: one hidden in any table is hidden in all,
    # or a table that hid it to protect a cell would be undone by another.
    shown_totals = [
        SUPPRESSED
        if any(t.column_totals[j] == SUPPRESSED for _, _, t in built)
        else disclosure.count(totals[c])
        for j, c in enumerate(columns)
    ]
    tables = [
        {
            "title": title,
            "rows": [
                {
                    "label": label,
                    "cells": [
                        {"n": n, "share": shown_share(n, shown_totals[j])}
                        for j, n in enumerate(cells)
                    ],
                }
                for label, cells in zip(labels_, shown.cells, strict=True)
            ],
        }
        for title, labels_, shown in built
    ]
    return {
        "columns": ["Whole talent pool"]
        + [f"Box {b}: {labels[b]}" for b in BOXES]
        + ["Ready now"],
        "totals": shown_totals,
        "tables": tables,
    }
