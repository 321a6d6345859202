"""Report builders: each turns a scope and date into a JSON-ready result, in the database.

A builder takes the scope organisation, the date and a `progress(percent, stage)` callback,
and aggregates with the ORM (values/annotate), never by looping over model instances.
"""

from collections.abc import Callable
from typing import Any

from reports.builders.board_diversity import build_board_diversity
from reports.builders.ceiling import build_ceiling
from reports.builders.workforce import build_workforce_summary
from reports.models import ReportKind

Progress = Callable[[int, str], None]
Builder = Callable[..., dict[str, Any]]

BUILDERS: dict[str, Builder] = {
    ReportKind.WORKFORCE_SUMMARY: build_workforce_summary,
    ReportKind.CEILING: build_ceiling,
    ReportKind.BOARD_DIVERSITY: build_board_diversity,
}
