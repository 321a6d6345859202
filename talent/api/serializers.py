from rest_framework import serializers

from talent.models import TalentProfile


class TalentProfileSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organisation_code = serializers.CharField(
        source="organisation.ods_code", read_only=True
    )
    entry_level_code = serializers.CharField(source="entry_level.code", read_only=True)
    profession_code = serializers.CharField(source="profession.code", read_only=True)

    class Meta:
        model = TalentProfile
        fields = [
            "id",
            "person_name",
            "organisation_code",
            "entry_level_code",
            "profession_code",
            "identified_by",
            "status",
            "target_horizon_years",
            "willing_to_move_organisation",
            "willing_to_move_region",
            "joined_on",
        ]
