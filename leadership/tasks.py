"""Scheduled Celery tasks for leadership: registration reminders for senior leaders."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError as DatabaseOperationalError

from leadership.services.reminders import reminders_send_due

MAX_RETRIES = 5


@shared_task(
    name="leadership.send_revalidation_reminders",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=540,
    time_limit=600,
)
def send_revalidation_reminders(self) -> int:
    """Email senior leaders whose registration is due within 90 days (once per due date)."""
    try:
        return reminders_send_due()
    except DatabaseOperationalError as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
