from rest_framework import viewsets

from talent import selectors
from talent.api.serializers import TalentProfileSerializer
from talent.filters import TalentProfileFilter


class TalentProfileViewSet(viewsets.ReadOnlyModelViewSet):
    """Talent profiles the caller may see; another organisation's profile answers 404."""

    serializer_class = TalentProfileSerializer
    filterset_class = TalentProfileFilter
    ordering_fields = ["joined_on", "person__full_name"]

    def get_queryset(self):
        return selectors.talent_profile_list(user=self.request.user)
