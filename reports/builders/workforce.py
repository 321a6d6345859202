"""Workforce summary: headcount by profession group and level for a scope at a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Max, Q, Sum

from leadership.models import Organisation
from reports.models import WorkforceHeadcount


def latest_snapshots(scope: Organisation, as_of: dt.date) -> dict[int, dt.date]:
    """Each organisation's most recent snapshot on or before `as_of`, in one query."""
    rows = (
        WorkforceHeadcount.objects.filter(
            organisation__path__startswith=scope.path, snapshot_date__lte=as_of
        )
        .values("organisation_id")
        .annotate(latest=Max("snapshot_date"))
    )
    return {r["organisation_id"]: r["latest"] for r in rows}


def build_workforce_summary(
    *, scope: Organisation, as_of: dt.date, progress: Callable[[int, str], None]
) -> dict[str, Any]:
    """Count staff by profession group and level, using each body's latest snapshot."""
    progress(10, "Finding the latest workforce snapshot for each organisation")
    snapshots = latest_snapshots(scope, as_of)
    progress(40, "Counting staff by profession group and level")
    # One condition per distinct snapshot date (usually one or two), so the database
    # reads only each organisation's latest snapshot.
    by_date: dict[dt.date, list[int]] = {}
    for org_id, date in snapshots.items():
        by_date.setdefault(date, []).append(org_id)
    latest_only = Q(pk__in=[])
    for date, org_ids in by_date.items():
        latest_only |= Q(snapshot_date=date, organisation_id__in=org_ids)
    rows = (
        WorkforceHeadcount.objects.filter(latest_only)
        .values("profession__group", "level__rank")
        .annotate(headcount=Sum("headcount"))
        .order_by("profession__group", "level__rank")
    )
    cells = {(r["profession__group"], r["level__rank"]): r["headcount"] for r in rows}
    progress(90, "Assembling the table")
    groups = sorted({g for g, _ in cells})
    return {
        "scope": scope.ods_code,
        "as_of": as_of.isoformat(),
        "organisations": len(snapshots),
        "total": sum(cells.values()),
        "rows": [
            {
                "profession_group": group,
                "by_level": {
                    str(rank): n for (g, rank), n in sorted(cells.items()) if g == group
                },
                "total": sum(n for (g, _), n in cells.items() if g == group),
            }
            for group in groups
        ],
    }
