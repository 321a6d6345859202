"""Writes for reports: workforce snapshots and their import (report runs: reports.runs)."""

from reports.services.workforce import WorkforceCell, workforce_snapshot_replace

__all__ = ["WorkforceCell", "workforce_snapshot_replace"]
