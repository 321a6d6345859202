"""factory_boy factories for talent profiles."""

import datetime as dt

import factory

from leadership.models import Organisation
from leadership.tests.factories import PersonFactory
from talent.models import EntryLevel, TalentProfile


class TalentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentProfile

    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyFunction(
        lambda: Organisation.objects.get(ods_code="R0A")
    )
    entry_level = factory.LazyFunction(
        lambda: EntryLevel.objects.get(code="emerging-leader")
    )
    profession = factory.LazyAttribute(lambda o: o.person.profession)
    identified_by = "line_manager"
    joined_on = dt.date(2025, 9, 1)
