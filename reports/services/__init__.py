"""Writes for reports: workforce snapshots and their import (report runs: reports.runs)."""

from reports.services.workforce import (
    CellTuple,
    WorkforceCell,
    workforce_snapshot_replace,
)

__all__ = ["CellTuple", "WorkforceCell", "workforce_snapshot_replace"]
