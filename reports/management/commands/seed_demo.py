"""Build the demo data set: `seed_demo --scale small|medium|national [--seed N]`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from reports.seeding import SCALES, demo_data_delete, demo_data_exists, seed_demo


class Command(BaseCommand):
    help = (
        "Seed synthetic leaders, boards, talent profiles, workforce composition and "
        "demo users over the real organisations (run load_reference first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if demo data already exists (for `make run`).",
        )
        group.add_argument(
            "--reset",
            action="store_true",
            help="Delete previously seeded demo rows first, then seed again.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_data_exists():
            if options["if_empty"]:
                self.stdout.write("Demo data already present; nothing to do.")
                return
            if not options["reset"]:
                raise CommandError(
                    "Demo data already exists. Use --if-empty to keep it, or --reset "
                    "to delete the seeded rows and seed again."
                )
            deleted = demo_data_delete()
            self.stdout.write(f"Deleted previous demo data: {deleted}")
        started = time.monotonic()
        summary = seed_demo(
            options["scale"], seed=options["seed"], progress=self.stdout.write
        )
        if connection.vendor == "postgresql":
            # Bulk loads leave the planner's row estimates stale (it guessed 43k rows
            # for 222k appointments) and the visibility map empty (so no index-only
            # scans, e.g. the directory's count), until autovacuum gets round to it.
            # VACUUM cannot run in a transaction (a test's), where ANALYZE still helps.
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {options['scale']} demo (seed {options['seed']}) in "
                f"{time.monotonic() - started:.1f}s: {summary}"
            )
        )
