"""FilterSets shared by the leadership pages and API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet

from careers.models import Level, Profession, ProfessionGroup, Role
from leadership.models import (
    Appointment,
    Organisation,
    OrganisationKind,
    Person,
    TrustType,
)


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or ODS code")
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label="Type")
    trust_type = django_filters.ChoiceFilter(
        choices=[c for c in TrustType.choices if c[0]], label="Trust type"
    )
    within = django_filters.CharFilter(
        method="filter_within", label="Within (ODS code of a region or ICB)"
    )
    status = django_filters.ChoiceFilter(
        choices=[("open", "Open"), ("closed", "Closed")],
        method="filter_status",
        label="Status",
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "trust_type", "within", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(ods_code__iexact=value))

    def filter_within(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        parent = Organisation.objects.filter(ods_code__iexact=value.strip()).first()
        if parent is None:
            return queryset.none()
        return queryset.filter(path__startswith=parent.path).exclude(pk=parent.pk)

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "open":
            return queryset.filter(closed_on__isnull=True)
        return queryset.filter(closed_on__isnull=False)


def _profession_choices() -> list[tuple[str, str]]:
    groups = [
        (f"group:{v}", f"All {label.lower()}") for v, label in ProfessionGroup.choices
    ]
    return groups + list(Profession.objects.values_list("code", "name"))


class LeaderFilter(django_filters.FilterSet):
    """Directory filters. Post conditions (where, which role, level, current or past)
    apply together to one appointment, so "current chief executive in London" means
    one post that is all three, not three different posts."""

    q = django_filters.CharFilter(method="search", label="Name")
    organisation = django_filters.CharFilter(
        method="filter_posts", label="Organisation, ICB or region (ODS code)"
    )
    # Only the columns the options show: a role row carries long guidance texts.
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.only("code", "name"),
        to_field_name="code",
        method="filter_posts",
        label="Role",
    )
    level = django_filters.ModelChoiceFilter(
        queryset=Level.objects.only("rank", "code", "name"),
        to_field_name="rank",
        method="filter_posts",
        label="Level",
    )
    status = django_filters.ChoiceFilter(
        choices=[("current", "Holds it now"), ("past", "Held it in the past")],
        method="filter_posts",
        label="Current or past",
        empty_label="Current or past",
    )
    profession = django_filters.ChoiceFilter(
        choices=_profession_choices, method="filter_profession", label="Profession"
    )
    background = django_filters.ChoiceFilter(
        choices=[("clinical", "Clinical"), ("non_clinical", "Non-clinical")],
        method="filter_background",
        label="Background",
    )
    sort = django_filters.OrderingFilter(
        fields=(("full_name", "name"), ("latest_start", "latest")),
        field_labels={"name": "Name", "latest": "Most recent appointment"},
        label="Sort by",
    )

    class Meta:
        model = Person
        fields = [
            "q",
            "organisation",
            "role",
            "level",
            "status",
            "profession",
            "background",
        ]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(full_name__icontains=value.strip())

    def filter_posts(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        # Applied once in filter_queryset, combining every post condition.
        return queryset

    def filter_profession(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value.startswith("group:"):
            return queryset.filter(profession__group=value.removeprefix("group:"))
        return queryset.filter(profession__code=value)

    def filter_background(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(profession__is_clinical=(value == "clinical"))

    def post_condition(self, on: dt.date | None = None) -> Q | None:
        """One Q over appointments for the post filters given, or None if none were."""
        data = self.form.cleaned_data
        on = on or dt.date.today()
        q = Q()
        used = False
        code = (data.get("organisation") or "").strip()
        if code:
            org = Organisation.objects.filter(ods_code__iexact=code).first()
            q &= Q(organisation__path__startswith=org.path) if org else Q(pk__in=[])
            used = True
        if data.get("role"):
            q &= Q(role=data["role"])
            used = True
        if data.get("level"):
            q &= Q(level=data["level"])
            used = True
        if data.get("status") == "current":
            q &= Q(start_date__lte=on) & (
                Q(end_date__isnull=True) | Q(end_date__gte=on)
            )
            used = True
        elif data.get("status") == "past":
            q &= Q(end_date__lt=on)
            used = True
        return q if used else None

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        condition = self.post_condition()
        if condition is not None:
            queryset = queryset.filter(
                pk__in=Appointment.objects.filter(condition).values("person")
            )
        return queryset
