from rest_framework import serializers

from accounts.roles import BOARD_READERS
from accounts.scoping import organisation_q
from leadership.models import Organisation
from reports.models import ReportKind, ReportRun


class ReportRunSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="ods_code", read_only=True)

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "organisation",
            "as_of",
            "status",
            "progress",
            "stage",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "result",
        ]
        read_only_fields = fields


class ReportRunRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    organisation = serializers.SlugRelatedField(
        slug_field="ods_code",
        queryset=Organisation.objects.all(),
        help_text="ODS code of the scope: a trust, ICB, region (e.g. Y56) or nation (ENG).",
    )
    as_of = serializers.DateField(required=False)

    def validate_organisation(self, value: Organisation) -> Organisation:
        user = self.context["request"].user
        allowed = Organisation.objects.filter(organisation_q(user, "", BOARD_READERS))
        if not allowed.filter(pk=value.pk).exists():
            # Same message as an unknown code: a scope outside the user's reach must not leak.
            raise serializers.ValidationError(
                f"Object with ods_code={value.ods_code} does not exist.",
                code="does_not_exist",
            )
        return value
