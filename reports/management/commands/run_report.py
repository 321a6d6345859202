"""Run a report through its Celery task and print the result.

`run_report ceiling|board-diversity --scope national|region:CODE|org:CODE [--date D]
[--json]`. Tasks run in-process when no broker is configured (eager); with a broker
the command waits for a worker to finish the run.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.disclosure import SHOW_ALL
from leadership.models import Organisation, OrganisationKind
from reports import runs
from reports.models import ReportKind, ReportRun
from reports.presenters import present
from reports.tasks import run_report


def scope_from(text: str) -> Organisation:
    """national, region:CODE or org:CODE (any body, e.g. an ICB or a trust)."""
    kind, _, code = text.partition(":")
    found = Organisation.objects.all()
    if kind == "national" and not code:
        found = found.filter(depth=0, kind=OrganisationKind.NATION)
    elif kind == "region" and code:
        found = found.filter(ods_code__iexact=code, kind=OrganisationKind.REGION)
    elif kind == "org" and code:
        found = found.filter(ods_code__iexact=code)
    else:
        raise CommandError("--scope must be national, region:CODE or org:CODE")
    scope = found.order_by("path").first()
    if scope is None:
        raise CommandError(f"Unknown scope {text!r}")
    return scope


class Command(BaseCommand):
    help = "Build a ceiling or board-diversity report through its task and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", choices=[ReportKind.CEILING, ReportKind.BOARD_DIVERSITY]
        )
        parser.add_argument("--scope", default="national")
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument("--timeout", type=float, default=900.0)

    def handle(self, *args: Any, **options: Any) -> None:
        scope = scope_from(options["scope"])
        started = time.monotonic()
        with transaction.atomic():
            run = runs.report_run_request(
                kind=options["kind"], organisation=scope, as_of=options["date"]
            )
        run.refresh_from_db()
        if settings.CELERY_TASK_ALWAYS_EAGER and run.status == "queued":
            # on_commit normally ran it already; a run reused from an earlier request
            # that never started is built here, through the same task.
            run_report.apply(args=[run.pk])
        run = self._wait(run, options["timeout"])
        if run.status != "succeeded":
            raise CommandError(f"Run {run.pk} {run.status}: {run.error}")
        shown = present(run.kind, run.result, SHOW_ALL)
        if options["json"]:
            self.stdout.write(json.dumps(shown, indent=2))
            return
        self.stdout.write(
            f"{run.get_kind_display()} for {scope.name} ({scope.ods_code}) at "
            f"{run.as_of}: run {run.pk} in {time.monotonic() - started:.1f}s"
        )
        from reports.presenters.text import as_text

        self.stdout.write(as_text(shown))

    def _wait(self, run: ReportRun, timeout: float) -> ReportRun:
        deadline = time.monotonic() + timeout
        while True:
            run.refresh_from_db()
            if run.is_finished or time.monotonic() > deadline:
                return run
            self.stderr.write(f"{run.progress}% {run.stage}", ending="\r")
            time.sleep(0.5)
