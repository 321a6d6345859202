"""Writes for reports: workforce snapshots and their import (report runs: reports.runs)."""

from reports.services.workforce import (
    CellColumns,
    CellTuple,
    WorkforceCell,
    workforce_snapshot_replace,
    workforce_snapshot_replace_columns,
)

__all__ = [
    "CellColumns",
    "CellTuple",
    "WorkforceCell",
    "workforce_snapshot_replace",
    "workforce_snapshot_replace_columns",
]
