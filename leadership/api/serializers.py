from rest_framework import serializers

from leadership.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.ods_code", default=None, read_only=True
    )
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "ods_code",
            "name",
            "kind",
            "trust_type",
            "parent_code",
            "path",
            "postcode",
            "opened_on",
            "closed_on",
            "is_open",
        ]
