from rest_framework import serializers

from accounts.roles import BOARD_READERS
from accounts.scoping import organisation_q
from leadership.models import Organisation
from reports.models import ReportKind, ReportResult, ReportRun
from reports.presenters import present, report_disclosure


def _shown(serializer: serializers.Serializer, obj: ReportRun | ReportResult):
    """The stored result as the caller may see it (the small-number rule applied)."""
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    disclosure = report_disclosure(user=user, scope=obj.organisation)
    options = {}
    if obj.kind == ReportKind.CEILING and request is not None:
        profession = request.query_params.get("profession")
        threshold = request.query_params.get("threshold", "")
        if profession:
            options["profession"] = profession
        if threshold.isdigit():
            options["threshold"] = int(threshold)
    return present(obj.kind, obj.result, disclosure, **options)


class ReportRunSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="ods_code", read_only=True)
    result = serializers.SerializerMethodField(
        help_text="The report as you may see it: small numbers suppressed outside the "
        "organisation's own board and talent lead (national totals in full)."
    )

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

    def get_result(self, obj: ReportRun) -> dict | None:
        return _shown(self, obj)


class ReportResultSerializer(serializers.ModelSerializer):
    """One kept result per kind, scope and date: the points of a trend."""

    organisation = serializers.SlugRelatedField(slug_field="ods_code", read_only=True)
    result = serializers.SerializerMethodField()

    class Meta:
        model = ReportResult
        fields = ["id", "kind", "organisation", "as_of", "built_at", "run", "result"]
        read_only_fields = fields

    def get_result(self, obj: ReportResult) -> dict | None:
        return _shown(self, obj)


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
