"""python manage.py load_ods DIR: load NHS ODS organisation files, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leadership.services.ods import OdsFileError, ods_load


class Command(BaseCommand):
    help = (
        "Load NHS organisations from a folder holding the ODS files eauth.csv, etr.csv, "
        "eccg.csv and the ONS icb_region_lookup_2024.csv. Nothing is written if any row "
        "is bad; loading the same files again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        try:
            result = ods_load(directory=directory)
        except OdsFileError as exc:
            raise CommandError(
                "Nothing was loaded. Problems found:\n" + "\n".join(exc.problems)
            ) from exc
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(result.by_kind.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} created, {result.updated} updated ({kinds})."
            )
        )
