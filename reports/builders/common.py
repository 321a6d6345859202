"""What every report builder reads: the scope's bodies, latest workforce, board seats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Max, Q, QuerySet

from leadership.models import Appointment, Organisation
from reports.models import WorkforceHeadcount

Progress = Callable[[int, str], None]


def latest_snapshots(scope: Organisation, as_of: dt.date) -> dict[int, dt.date]:
    """Each organisation's most recent snapshot on or before `as_of`, in one query."""
    rows = (
        WorkforceHeadcount.objects.filter(
            organisation__path__startswith=scope.path, snapshot_date__lte=as_of
        )
        .values("organisation_id")
        .annotate(latest=Max("snapshot_date"))
        .order_by()
    )
    return {r["organisation_id"]: r["latest"] for r in rows}


def latest_workforce(
    scope: Organisation, as_of: dt.date
) -> tuple[QuerySet[WorkforceHeadcount], int]:
    """Headcount rows of each body's latest snapshot, and how many bodies have one.

    One condition per distinct snapshot date (usually one or two), so the database reads
    only each organisation's latest snapshot.
    """
    snapshots = latest_snapshots(scope, as_of)
    by_date: dict[dt.date, list[int]] = {}
    for org_id, date in snapshots.items():
        by_date.setdefault(date, []).append(org_id)
    latest_only = Q(pk__in=[])
    for date, org_ids in by_date.items():
        if scope.depth == 0 and len(by_date) == 1:
            # The whole nation on one date: the date and the path select the same
            # rows without a list of every body's id.
            latest_only = Q(
                snapshot_date=date, organisation__path__startswith=scope.path
            )
        else:
            latest_only |= Q(snapshot_date=date, organisation_id__in=org_ids)
    return WorkforceHeadcount.objects.filter(latest_only), len(snapshots)


def board_seats(scope: Organisation, as_of: dt.date) -> QuerySet[Appointment]:
    """Board posts held on the date at the scope's bodies (one row per seat)."""
    seats = Appointment.objects.current(as_of).board()
    if scope.depth > 0:
        seats = seats.filter(organisation__path__startswith=scope.path)
    return seats.order_by()
