"""Ceiling report: how far up the level ladder each profession reaches in a scope.

For each profession the builder counts staff at every level of the ladder: levels
below the board from the latest workforce snapshot of each body, the board levels
(L9 executive director, L10 chief executive) from the executive seats held on the date,
because an ESR extract's VSM band does not say who holds which seat. It also counts
every board member (executive or not) by profession for the board comparison.

The result holds counts only. Shares, the ceiling (the highest level with headcount
above a threshold), the level where a profession's share falls furthest below its
share of the workforce and the ranking are derived by reports.presenters, once the
reader's small-number rule has been applied, so no raw share ever leaves the server.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum

from careers.models import Level, Profession, ProfessionGroup
from leadership.models import Organisation
from reports.builders.common import Progress, board_seats, latest_workforce


def scope_summary(scope: Organisation) -> dict[str, Any]:
    return {
        "ods_code": scope.ods_code,
        "name": scope.name,
        "kind": scope.kind,
        "depth": scope.depth,
    }


def build_ceiling(
    *,
    scope: Organisation,
    as_of: dt.date,
    progress: Progress,
    threshold: int | None = None,
) -> dict[str, Any]:
    """Count each profession's staff and board seats at every level (5 queries)."""
    progress(5, "Reading the level ladder and professions")
    levels = list(
        Level.objects.order_by("rank").values("id", "rank", "code", "name", "is_board")
    )
    professions = list(
        Profession.objects.values("id", "code", "name", "group", "is_clinical")
    )
    column = {lv["rank"]: i for i, lv in enumerate(levels)}
    board_ranks = {lv["rank"] for lv in levels if lv["is_board"]}

    progress(15, "Finding each organisation's latest workforce snapshot")
    workforce, n_bodies = latest_workforce(scope, as_of)

    progress(30, "Counting staff by profession and level")
    staff = (
        workforce.exclude(level__is_board=True)
        .values("profession_id", "level__rank")
        .annotate(n=Sum("headcount"))
        .order_by()
    )
    cells: dict[int, list[int]] = {p["id"]: [0] * len(levels) for p in professions}
    for row in staff:
        cells[row["profession_id"]][column[row["level__rank"]]] += row["n"]

    progress(60, "Counting executive seats at board levels")
    seats = board_seats(scope, as_of)
    executives = (
        seats.filter(board_seat="executive", level__rank__in=board_ranks)
        .values("person__profession_id", "level__rank")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in executives:
        cells[row["person__profession_id"]][column[row["level__rank"]]] += row["n"]

    progress(75, "Counting board members by profession")
    board = dict(
        seats.values_list("person__profession_id").annotate(n=Count("id")).order_by()
    )

    progress(90, "Assembling the table")
    rows = [
        {
            "code": p["code"],
            "name": p["name"],
            "group": p["group"],
            "is_clinical": p["is_clinical"],
            "cells": cells[p["id"]],
            "board": board.get(p["id"], 0),
        }
        for p in professions
        if any(cells[p["id"]]) or board.get(p["id"])
    ]
    group_labels = dict(ProfessionGroup.choices)
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(
            row["group"],
            {
                "code": row["group"],
                "name": group_labels.get(row["group"], row["group"]),
                "is_clinical": row["group"] != ProfessionGroup.NON_CLINICAL,
                "cells": [0] * len(levels),
                "board": 0,
            },
        )
        group["cells"] = [
            a + b for a, b in zip(group["cells"], row["cells"], strict=True)
        ]
        group["board"] += row["board"]
    order = {g: i for i, g in enumerate(ProfessionGroup.values)}
    return {
        "kind": "ceiling",
        "scope": scope_summary(scope),
        "as_of": as_of.isoformat(),
        "organisations": n_bodies,
        "threshold": settings.REPORTS_CEILING_THRESHOLD
        if threshold is None
        else threshold,
        "levels": [
            {k: lv[k] for k in ("rank", "code", "name", "is_board")} for lv in levels
        ],
        "professions": rows,
        "groups": sorted(groups.values(), key=lambda g: order.get(g["code"], 99)),
    }
