"""System checks for the settings report runs rely on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def visibility_timeout_exceeds_time_limit(**kwargs: Any) -> list[CheckMessage]:
    """The broker may hand a task to a second worker only once the first is dead.

    A run's task claimed again by the same task id is taken over (reports.runs); that
    is safe only if Redis redelivers an unacknowledged task after the hard time limit
    has already killed the first attempt.
    """
    from reports.tasks import run_report

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    limit = max(int(settings.CELERY_TASK_TIME_LIMIT), int(run_report.time_limit or 0))
    if timeout <= limit:
        return [
            Error(
                f"CELERY_BROKER_VISIBILITY_TIMEOUT ({timeout}s) must be longer than the "
                f"task time limit ({limit}s).",
                hint="Otherwise Redis delivers a long report's task to a second worker "
                "while the first is still building it.",
                id="reports.E001",
            )
        ]
    return []
