import django_filters

from talent.models import IdentifiedBy, ProfileStatus, TalentProfile


class TalentProfileFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="person__full_name", lookup_expr="icontains", label="Name"
    )
    organisation = django_filters.CharFilter(
        field_name="organisation__ods_code", label="Organisation (ODS code)"
    )
    profession = django_filters.CharFilter(
        field_name="profession__code", label="Profession"
    )
    entry_level = django_filters.CharFilter(
        field_name="entry_level__code", label="Entry level"
    )
    status = django_filters.ChoiceFilter(choices=ProfileStatus.choices)
    identified_by = django_filters.ChoiceFilter(choices=IdentifiedBy.choices)

    class Meta:
        model = TalentProfile
        fields = [
            "q",
            "organisation",
            "profession",
            "entry_level",
            "status",
            "identified_by",
        ]
