"""python manage.py import_leaders FILE.csv: import leaders' records, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.uploads import file_size_problem
from leadership.services.imports import ImportResult, leaders_import


class Command(BaseCommand):
    help = (
        "Import people, appointments, qualifications and registrations from a CSV file "
        "(columns in docs/data-formats.md). Every row is checked first; nothing is "
        "written if any row has a problem, unless --only-valid is given. Importing the "
        "same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument(
            "--only-valid",
            action="store_true",
            help="Import the rows without problems and skip the others.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and count the changes, but write nothing.",
        )

    def handle(
        self, *args: Any, file: Path, only_valid: bool, dry_run: bool, **options: Any
    ) -> None:
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        too_large = file_size_problem(file)
        if too_large:
            raise CommandError(too_large)
        with file.open("rb") as stream:
            result = leaders_import(file=stream, only_valid=only_valid, dry_run=dry_run)
        self._problems(result)
        if result.aborted:
            raise CommandError(
                f"Nothing was imported: {result.problem_count} "
                f"problem{'s' if result.problem_count != 1 else ''} found."
            )
        self._counts(result)

    def _problems(self, result: ImportResult) -> None:
        for problem in result.problems:
            self.stderr.write(str(problem))
        if result.more_problems:
            self.stderr.write(f"... and {result.more_problems} more problems.")

    def _counts(self, result: ImportResult) -> None:
        lines = [
            f"{kind}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for kind, c in result.counts.items()
        ]
        summary = f"{result.rows_read} rows read"
        if result.rows_skipped:
            summary += f", {result.rows_skipped} skipped"
        if result.dry_run:
            summary += " (dry run: nothing was written)"
        self.stdout.write("\n".join(lines))
        self.stdout.write(self.style.SUCCESS(summary + "."))
