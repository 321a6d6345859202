"""Import a workforce CSV: `import_workforce FILE.csv [--date YYYY-MM-DD]`."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.uploads import file_size_problem
from reports.services.imports import workforce_import


class Command(BaseCommand):
    # The system checks import every URL conf, view and admin: start-up time (a tenth
    # of the national import) that a data import does not need; deployments and CI
    # run `manage.py check`.
    requires_system_checks: list[str] = []
    help = (
        "Import an ESR-shaped workforce extract (one row a member of staff) or an "
        "aggregated file (with a headcount column) as the snapshot at --date; all or "
        "nothing. Formats: docs/data-formats.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            default=None,
            help="Snapshot date, YYYY-MM-DD (default today).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        too_large = file_size_problem(path)
        if too_large:
            raise CommandError(too_large)
        started = time.monotonic()
        result = workforce_import(
            path=path,
            snapshot_date=options["date"] or timezone.localdate(),
            dry_run=options["dry_run"],
        )
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            shown = len(result.problems)
            more = f" (first {shown} listed)" if shown < result.problem_count else ""
            raise CommandError(
                f"{result.problem_count} problem(s){more}; nothing was imported."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{'Checked' if options['dry_run'] else 'Imported'} {result.format} file: {result.rows} rows, {result.staff} "
                f"staff in {result.cells} cells for {result.organisations} "
                f"organisation(s) in {time.monotonic() - started:.1f}s."
            )
        )
