from rest_framework import viewsets

from leadership import selectors
from leadership.api.serializers import OrganisationSerializer
from leadership.filters import OrganisationFilter


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """NHS organisations (reference data, readable by every signed-in user)."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "ods_code"
    ordering_fields = ["name", "ods_code"]

    def get_queryset(self):
        return selectors.organisation_list()
