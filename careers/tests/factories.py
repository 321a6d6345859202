"""factory_boy factories for careers content, over the loaded reference data."""

import factory

from careers.models import (
    CareerPlan,
    Level,
    PathwayStep,
    Profession,
    PublishStatus,
    Role,
)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    code = factory.Sequence(lambda n: f"test-role-{n}")
    name = factory.Sequence(lambda n: f"Test role {n}")
    level = factory.LazyFunction(lambda: Level.objects.get(rank=5))
    status = PublishStatus.DRAFT


class PathwayStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathwayStep

    from_role = factory.SubFactory(RoleFactory)
    to_role = factory.SubFactory(RoleFactory)
    typical_years = 2


class CareerPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerPlan

    profession = factory.LazyFunction(lambda: Profession.objects.get(code="nursing"))
    current_role = factory.LazyFunction(lambda: Role.objects.get(code="ward-manager"))
    target_role = factory.LazyFunction(lambda: Role.objects.get(code="matron"))
