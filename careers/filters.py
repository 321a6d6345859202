"""FilterSets shared by the careers pages and API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from careers.models import (
    BoardSeat,
    CaseStudy,
    CostBand,
    Level,
    ProfessionGroup,
    Programme,
    ProgrammeFormat,
    Role,
)


class RoleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Role name contains")
    level = django_filters.ModelChoiceFilter(
        queryset=Level.objects.all(), empty_label="Any level"
    )
    group = django_filters.ChoiceFilter(
        choices=ProfessionGroup.choices,
        method="by_group",
        label="Typically held by",
        empty_label="Any profession",
    )
    board = django_filters.ChoiceFilter(
        field_name="board_seat",
        choices=[c for c in BoardSeat.choices if c[0]],
        label="Board role",
        empty_label="Any",
    )

    class Meta:
        model = Role
        fields = ["q", "level", "group", "board"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(name__icontains=value) | Q(purpose__icontains=value))

    def by_group(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(typical_professions__group=value).distinct()


class ProgrammeFilter(django_filters.FilterSet):
    entry_level = django_filters.ModelChoiceFilter(
        queryset=Level.objects.all(), empty_label="Any level"
    )
    format = django_filters.ChoiceFilter(
        choices=ProgrammeFormat.choices, empty_label="Any format"
    )
    cost_band = django_filters.ChoiceFilter(
        choices=CostBand.choices, empty_label="Any cost"
    )

    class Meta:
        model = Programme
        fields = ["entry_level", "format", "cost_band"]


class CaseStudyFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(
        field_name="profession__group",
        choices=[c for c in ProfessionGroup.choices if c[0] != "non_clinical"],
        label="Profession",
        empty_label="Any profession",
    )

    class Meta:
        model = CaseStudy
        fields = ["group"]
