"""factory_boy factories for the talent programme."""

import datetime as dt

import factory

from accounts.models import User
from leadership.models import Organisation
from leadership.tests.factories import PersonFactory
from talent.models import (
    ActionKind,
    ActionStatus,
    Cohort,
    DevelopmentAction,
    EntryLevel,
    Readiness,
    TalentProfile,
    TalentReview,
)


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


class TalentReviewFactory(factory.django.DjangoModelFactory):
    """A review written straight to the table (tests of the service use the service)."""

    class Meta:
        model = TalentReview

    profile = factory.SubFactory(TalentProfileFactory)
    reviewer = factory.LazyFunction(
        lambda: User.objects.get_or_create(email="reviewer@example.nhs.uk")[0]
    )
    reviewed_on = dt.date(2026, 1, 15)
    performance = 2
    potential = 2
    readiness = Readiness.ONE_TO_TWO


class DevelopmentActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentAction

    profile = factory.SubFactory(TalentProfileFactory)
    kind = ActionKind.PROJECT
    title = factory.Sequence(lambda n: f"Action {n}")
    due_on = dt.date(2030, 1, 1)
    status = ActionStatus.PLANNED


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    programme = factory.Sequence(lambda n: f"Programme {n}")
    region = factory.LazyFunction(lambda: Organisation.objects.get(ods_code="Y62"))
    year = 2025
    starts_on = dt.date(2025, 9, 1)
