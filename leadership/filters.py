"""FilterSets shared by the leadership pages and API."""

import django_filters
from django.db.models import Q, QuerySet

from leadership.models import Organisation, OrganisationKind, TrustType


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
