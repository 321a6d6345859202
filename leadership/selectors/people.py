"""Reads for the leaders' directory and a leader's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.roles import SENSITIVE_DATA_READERS, TALENT_READERS, Role
from accounts.scoping import has_role, is_national, organisation_q, scope_paths
from leadership.models import Appointment, Person

DEMOGRAPHIC_FIELDS = ("sex", "ethnic_category", "disability", "year_of_birth")


def leaders() -> QuerySet[Person]:
    """People listed in the directory: leaders only, never the wider talent pool.

    Reads the stored `Person.is_leader` flag (kept by services.people.directory_refresh)
    through its partial index: the subquery over every appointment it replaces cost
    about 60 ms twice per directory page (count and page) on the national data.
    """
    return Person.objects.filter(is_leader=True)


def people_visible_to(
    user: Any, roles: Iterable[str] = TALENT_READERS
) -> QuerySet[Person]:
    """People whose whole record (not only the directory's view) the user may open or
    name in a record: those with a post, past or present, at an organisation the
    user's memberships in `roles` cover, and the user's own record. Superusers and
    national admins see everyone.

    The admin lists and changes people through this, and the talent API checks every
    person id it is sent against it, so another organisation's person is not found.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return Person.objects.none()
    if user.is_superuser or (
        Role.NATIONAL_ADMIN in roles and is_national(user, [Role.NATIONAL_ADMIN])
    ):
        return Person.objects.all()
    posted = Appointment.objects.filter(
        organisation_q(user, "organisation", roles)
    ).values("person_id")
    return Person.objects.filter(Q(pk__in=posted) | Q(user=user))


def current_posts(on: dt.date | None = None) -> QuerySet[Appointment]:
    """Posts held on a date, with what a list shows about each."""
    return (
        Appointment.objects.current(on)
        .select_related("role", "organisation", "level", "grade")
        .order_by("-level__rank", "-start_date")
    )


def leader_list(
    *, on: dt.date | None = None, with_latest: bool = False
) -> QuerySet[Person]:
    """The directory's people with their current posts prefetched (two queries a page).

    `with_latest` adds each person's most recent appointment start, for sorting by it and
    for exports; it groups every appointment, so pages sorted by name leave it out.
    """
    queryset = (
        leaders()
        .select_related("profession")
        .prefetch_related(
            Prefetch(
                "appointments", queryset=current_posts(on), to_attr="current_posts"
            )
        )
    )
    if with_latest:
        queryset = queryset.annotate(latest_start=Max("appointments__start_date"))
    return queryset


def leader_get(*, pk: int) -> Person:
    """One leader with their whole timeline, qualifications and registrations."""
    person = (
        leaders()
        .select_related("profession", "ethnic_category")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related(
                    "role", "organisation", "level", "grade"
                ).order_by("start_date", "id"),
            ),
            "qualifications",
            "registrations__regulator",
            "other_professions",
        )
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("No leader with that id.")
    return person


def can_see_demographics(user: Any, person: Person | None = None) -> bool:
    """National admins see demographics; talent leads only for people in their scope.

    Demographics are for diversity reporting, never for public pages.
    """
    if not has_role(user, *SENSITIVE_DATA_READERS):
        return False
    if is_national(user):
        return True
    if person is None:
        return False
    paths = scope_paths(user, [Role.TALENT_LEAD])
    return any(
        a.organisation.path.startswith(p)
        for a in person.appointments.all()
        for p in paths
    )


def can_export_demographics(user: Any) -> bool:
    """Demographics in bulk (exports, API lists) are for national admins only."""
    return has_role(user, Role.NATIONAL_ADMIN) and is_national(user)
