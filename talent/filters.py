"""FilterSets shared by the talent pages and API: one meaning for every parameter.

Codes (ODS, profession, entry level) are free text underneath, so a code outside the
caller's scope simply matches nothing, never an error that confirms it exists; on pages
they render as drop-downs of what the caller can choose.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from accounts.roles import TALENT_READERS
from accounts.scoping import organisation_q
from careers.models import Profession
from leadership.models import Organisation, OrganisationKind
from talent.models import (
    Cohort,
    CohortMembership,
    DevelopmentAction,
    EntryLevel,
    IdentifiedBy,
    ProfileStatus,
    Readiness,
    TalentProfile,
    TalentReview,
    nine_box_labels,
)
from talent.selectors.grid import overdue_q, with_latest_review, with_review_due

ANY = [("", "Any")]


class ProgrammeFilter(django_filters.FilterSet):
    """The dashboard's filters: organisation, profession, cohort, entry level, readiness."""

    organisation = django_filters.CharFilter(
        method="filter_organisation", label="Organisation"
    )
    profession = django_filters.CharFilter(
        field_name="profession__code", label="Profession"
    )
    cohort = django_filters.NumberFilter(method="filter_cohort", label="Cohort")
    entry_level = django_filters.CharFilter(
        field_name="entry_level__code", label="Entry level"
    )
    readiness = django_filters.ChoiceFilter(
        choices=Readiness.choices, method="filter_readiness", label="Readiness"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if (
            user is not None
            and getattr(self.request, "accepted_renderer", None) is None
        ):
            self._add_choices(user)

    def _add_choices(self, user: Any) -> None:
        """Drop-downs for pages (the API keeps plain parameters)."""
        fields = self.form.fields
        orgs = (
            Organisation.objects.filter(organisation_q(user, "", TALENT_READERS))
            .filter(
                kind__in=[
                    OrganisationKind.REGION,
                    OrganisationKind.ICB,
                    OrganisationKind.TRUST,
                ]
            )
            .order_by("depth", "name")
            .values_list("ods_code", "name")
        )
        fields["organisation"].widget = forms.Select(
            choices=ANY + [(c, f"{n} ({c})") for c, n in orgs]
        )
        fields["profession"].widget = forms.Select(
            choices=ANY + list(Profession.objects.values_list("code", "name"))
        )
        fields["entry_level"].widget = forms.Select(
            choices=ANY + list(EntryLevel.objects.values_list("code", "name"))
        )
        if "cohort" in fields:
            cohorts = Cohort.objects.visible_to(user).order_by("-year", "name")
            fields["cohort"].widget = forms.Select(
                choices=ANY + list(cohorts.values_list("pk", "name"))
            )

    def filter_organisation(
        self, queryset: QuerySet, name: str, value: str
    ) -> QuerySet:
        path = (
            Organisation.objects.filter(ods_code__iexact=value.strip())
            .values_list("path", flat=True)
            .first()
        )
        if path is None:
            return queryset.none()
        return queryset.filter(organisation__path__startswith=path)

    def filter_cohort(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(
            pk__in=CohortMembership.objects.filter(cohort_id=value).values("profile_id")
        )

    def filter_readiness(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if "latest_readiness" not in queryset.query.annotations:
            queryset = with_latest_review(queryset, "readiness")
        return queryset.filter(latest_readiness=value)

    class Meta:
        model = TalentProfile
        fields: list[str] = []


BOX_CHOICES = [(str(b), f"{b}: {label}") for b, label in nine_box_labels().items()] + [
    ("none", "Not yet reviewed")
]


class TalentProfileFilter(ProgrammeFilter):
    """The profile list's filters: the dashboard's plus the grid box and the to-dos."""

    q = django_filters.CharFilter(
        field_name="person__full_name", lookup_expr="icontains", label="Name"
    )
    status = django_filters.ChoiceFilter(choices=ProfileStatus.choices)
    identified_by = django_filters.ChoiceFilter(choices=IdentifiedBy.choices)
    box = django_filters.ChoiceFilter(
        choices=BOX_CHOICES, method="filter_box", label="Nine-box position"
    )
    sponsor = django_filters.ChoiceFilter(
        choices=[("none", "No sponsor"), ("any", "Has a sponsor")],
        method="filter_sponsor",
        label="Sponsor",
    )
    review = django_filters.ChoiceFilter(
        choices=[("overdue", "Review overdue")], method="filter_review", label="Review"
    )
    actions = django_filters.ChoiceFilter(
        choices=[("overdue", "Has overdue actions")],
        method="filter_actions",
        label="Development actions",
    )

    def filter_box(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if "latest_nine_box" not in queryset.query.annotations:
            queryset = with_latest_review(queryset, "nine_box")
        if value == "none":
            return queryset.filter(latest_nine_box__isnull=True)
        return queryset.filter(latest_nine_box=int(value))

    def filter_sponsor(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(sponsor__isnull=value == "none")

    def filter_review(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return with_review_due(queryset).filter(overdue_q())

    def filter_actions(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            pk__in=DevelopmentAction.objects.overdue().values("profile_id")
        )

    class Meta:
        model = TalentProfile
        fields: list[str] = []


class ReviewFilter(django_filters.FilterSet):
    profile = django_filters.NumberFilter(field_name="profile_id")
    readiness = django_filters.ChoiceFilter(choices=Readiness.choices)
    nine_box = django_filters.NumberFilter(field_name="nine_box")
    reviewed_after = django_filters.DateFilter(
        field_name="reviewed_on", lookup_expr="gte"
    )
    reviewed_before = django_filters.DateFilter(
        field_name="reviewed_on", lookup_expr="lte"
    )

    class Meta:
        model = TalentReview
        fields: list[str] = []


class ActionFilter(django_filters.FilterSet):
    profile = django_filters.NumberFilter(field_name="profile_id")
    kind = django_filters.CharFilter(field_name="kind")
    status = django_filters.CharFilter(field_name="status")
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    host = django_filters.CharFilter(field_name="host_organisation__ods_code")

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        overdue = Q(pk__in=DevelopmentAction.objects.overdue().values("pk"))
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    class Meta:
        model = DevelopmentAction
        fields: list[str] = []


class CohortFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    programme = django_filters.CharFilter(lookup_expr="icontains")
    region = django_filters.CharFilter(field_name="region__ods_code")

    class Meta:
        model = Cohort
        fields: list[str] = []
