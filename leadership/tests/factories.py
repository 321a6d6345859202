"""factory_boy factories for people and appointments, over the loaded reference data,
and the rows of a leaders' CSV for the import tests."""

import csv
import datetime as dt
import io
from typing import Any

import factory

from careers.models import Level, Profession, Role
from leadership.models import Appointment, Organisation, Person
from leadership.services.imports import COLUMNS
from leadership.services.people import directory_refresh


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    external_ref = factory.Sequence(lambda n: f"P{n:06d}")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    profession = factory.LazyFunction(lambda: Profession.objects.get(code="nursing"))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyFunction(
        lambda: Organisation.objects.get(ods_code="R0A")
    )
    role = factory.LazyFunction(lambda: Role.objects.get(code="ward-manager"))
    level = factory.LazyAttribute(
        lambda o: o.role.level if o.role else Level.objects.get(rank=2)
    )
    start_date = dt.date(2020, 1, 1)

    @classmethod
    def _create(cls, model_class: type[Appointment], *args, **kwargs) -> Appointment:
        """Saved directly (tests build invalid timelines too), so keep the stored
        leader flag in step the way the services do."""
        appointment = super()._create(model_class, *args, **kwargs)
        directory_refresh(person_ids=[appointment.person_id])
        return appointment


def leaders_csv(
    *rows: dict[str, Any], header: tuple[str, ...] = COLUMNS, line_end: str = "\n"
) -> bytes:
    """A leaders' CSV of these rows (Excel ends lines with "\r\n")."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=line_end)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def person_row(ref: str = "P1", **extra: Any) -> dict[str, Any]:
    """A person record of the leaders' CSV."""
    return {
        "record": "person",
        "person_ref": ref,
        "full_name": f"Person {ref}",
        "profession": "nursing",
        **extra,
    }
