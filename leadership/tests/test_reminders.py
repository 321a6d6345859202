"""Registration reminders for senior leaders: who is due, once per due date, the beat job."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail

from accounts.roles import Role as UserRole
from careers.models import Role
from conftest import TRUST_A
from leadership.models import Registration, RevalidationReminder
from leadership.services.reminders import registrations_due, reminders_send_due
from leadership.tasks import send_revalidation_reminders
from leadership.tests.factories import AppointmentFactory
from regulation.models import Regulator

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def leader_with_registration(
    make_user, n, role="director-of-nursing", due_in=30, **extra
):
    user = make_user(f"leader{n}@example.nhs.uk", UserRole.CLINICIAN, TRUST_A)
    post = AppointmentFactory(
        role=Role.objects.get(code=role), start_date=dt.date(2020, 1, 1)
    )
    post.person.user = user
    post.person.save(update_fields=["user"])
    return Registration.objects.create(
        person=post.person,
        regulator=Regulator.objects.get(code="NMC"),
        registration_number=f"NMC{n:05d}",
        revalidation_due=TODAY + dt.timedelta(days=due_in),
        **{"status": "registered", **extra},
    )


def test_only_senior_leaders_due_within_90_days_are_listed(make_user):
    due = leader_with_registration(make_user, 1, due_in=90)
    leader_with_registration(make_user, 2, due_in=91)
    leader_with_registration(make_user, 3, due_in=-1)
    leader_with_registration(make_user, 4, role="staff-nurse", due_in=10)
    leader_with_registration(make_user, 5, due_in=10, status="lapsed")
    assert list(registrations_due(today=TODAY)) == [due]


def test_reminders_are_sent_once_per_registration_and_due_date(
    make_user, django_capture_on_commit_callbacks
):
    registration = leader_with_registration(make_user, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due(today=TODAY) == 1
        assert reminders_send_due(today=TODAY) == 0
    assert [m.to for m in mail.outbox] == [["leader1@example.nhs.uk"]]
    assert "NMC registration is due" in mail.outbox[0].subject
    # A new due date (after revalidating) earns a new reminder.
    registration.revalidation_due = TODAY + dt.timedelta(days=60)
    registration.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due(today=TODAY) == 1
    assert RevalidationReminder.objects.count() == 2


def test_leaders_without_a_user_account_are_listed_but_not_emailed(make_user):
    registration = leader_with_registration(make_user, 1)
    registration.person.user = None
    registration.person.save(update_fields=["user"])
    assert list(registrations_due(today=TODAY)) == [registration]
    assert reminders_send_due(today=TODAY) == 0


def test_scheduled_task_runs_the_reminders(
    make_user, django_capture_on_commit_callbacks
):
    leader_with_registration(make_user, 1, due_in=(dt.date.today() - TODAY).days + 5)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_revalidation_reminders.delay().get() == 1
    assert len(mail.outbox) == 1


def test_the_job_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["leadership-revalidation-reminders"]
    assert entry["task"] == send_revalidation_reminders.name


def test_revalidation_due_page_is_for_national_admins_only(
    client, make_user, national_admin
):
    leader_with_registration(make_user, 1, due_in=(dt.date.today() - TODAY).days + 5)
    clinician = make_user("c@example.nhs.uk", UserRole.CLINICIAN, TRUST_A)
    client.force_login(clinician)
    assert client.get("/leaders/registrations-due/").status_code == 404
    client.force_login(national_admin)
    response = client.get("/leaders/registrations-due/")
    assert response.status_code == 200
    assert "NMC00001" in response.content.decode()
