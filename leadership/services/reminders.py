"""Reminders to senior leaders whose registration is due for renewal or revalidation.

Idempotent: a RevalidationReminder row per registration and due date is written in the
same transaction as the email is queued, under a unique constraint, so reruns of the
scheduled job (or two workers at once) never send the same reminder twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet

from leadership.models import Appointment, Registration, RevalidationReminder

WINDOW_DAYS = 90


def registrations_due(
    *, today: dt.date | None = None, days: int = WINDOW_DAYS
) -> QuerySet[Registration]:
    """Registrations of people in a senior post today, due within `days` (not past)."""
    today = today or dt.date.today()
    senior_now = (
        Appointment.objects.current(today).leading().filter(person=OuterRef("person"))
    )
    return (
        Registration.objects.filter(
            revalidation_due__gte=today,
            revalidation_due__lte=today + dt.timedelta(days=days),
        )
        .filter(Exists(senior_now))
        .exclude(status__in=["relinquished", "lapsed"])
        .select_related("person__user", "person__profession", "regulator")
        .annotate(
            reminded=Exists(
                RevalidationReminder.objects.filter(
                    registration=OuterRef("pk"), due_date=OuterRef("revalidation_due")
                )
            )
        )
        .order_by("revalidation_due", "person__full_name")
    )


def reminder_send(*, registration_id: int) -> bool:
    """Email one reminder unless it was already sent for this due date."""
    registration = (
        Registration.objects.select_related("person__user", "regulator")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.revalidation_due is None:
        return False
    user = registration.person.user
    if user is None or not user.email:
        return False
    due = registration.revalidation_due
    try:
        with transaction.atomic():
            RevalidationReminder.objects.create(
                registration=registration, due_date=due, email=user.email
            )
            body = (
                f"Your {registration.regulator.name} registration "
                f"({registration.registration_number}) is due for renewal or "
                f"revalidation on {due:%d %B %Y}.\n\nCheck what you need with the "
                "keep-my-registration checker: /careers/keep-my-registration/"
            )
            transaction.on_commit(
                lambda: send_mail(
                    f"Your {registration.regulator.code} registration is due on "
                    f"{due:%d %B %Y}",
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            )
    except IntegrityError:
        return False
    return True


def reminders_send_due(*, today: dt.date | None = None) -> int:
    """Send every reminder due today and not yet sent; return how many were sent."""
    ids = list(
        registrations_due(today=today)
        .filter(reminded=False, person__user__isnull=False)
        .values_list("pk", flat=True)
    )
    return sum(reminder_send(registration_id=pk) for pk in ids)
