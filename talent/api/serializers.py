"""Talent API serializers: output shapes, and input shapes that feed the services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.roles import TALENT_READERS
from accounts.scoping import organisation_q
from leadership.models import Organisation, Person
from leadership.selectors.people import people_visible_to
from talent.models import (
    ActionKind,
    ActionStatus,
    Cohort,
    DevelopmentAction,
    EntryLevel,
    IdentifiedBy,
    LeadershipDimension,
    ProfileStatus,
    Readiness,
    TalentProfile,
    TalentReview,
)
from talent.services import eligible_reviewers


class TalentProfileSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organisation_code = serializers.CharField(
        source="organisation.ods_code", read_only=True
    )
    entry_level_code = serializers.CharField(source="entry_level.code", read_only=True)
    profession_code = serializers.CharField(source="profession.code", read_only=True)
    latest_nine_box = serializers.IntegerField(read_only=True, allow_null=True)
    latest_readiness = serializers.CharField(read_only=True, allow_null=True)
    latest_reviewed_on = serializers.DateField(read_only=True, allow_null=True)

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
            "sponsor",
            "mentor",
            "target_role",
            "target_horizon_years",
            "willing_to_move_organisation",
            "willing_to_move_region",
            "joined_on",
            "latest_nine_box",
            "latest_readiness",
            "latest_reviewed_on",
        ]


def _user(serializer: serializers.Serializer) -> Any:
    return serializer.context["request"].user


class TalentProfileCreateSerializer(serializers.Serializer):
    """Every id is looked up among the records the caller may see, so another
    organisation's person or sponsor is "not found" like an id that does not exist."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    organisation = serializers.SlugRelatedField(
        slug_field="ods_code", queryset=Organisation.objects.none()
    )
    entry_level = serializers.SlugRelatedField(
        slug_field="code", queryset=EntryLevel.objects.all()
    )
    identified_by = serializers.ChoiceField(choices=IdentifiedBy.choices)
    joined_on = serializers.DateField()
    status = serializers.ChoiceField(
        choices=ProfileStatus.choices, default=ProfileStatus.ACTIVE
    )
    sponsor = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True
    )
    mentor = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True
    )
    target_horizon_years = serializers.IntegerField(required=False, allow_null=True)
    willing_to_move_organisation = serializers.BooleanField(default=False)
    willing_to_move_region = serializers.BooleanField(default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            user = _user(self)
            self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                organisation_q(user, "", TALENT_READERS)
            )
            for name in ("person", "sponsor", "mentor"):
                self.fields[name].queryset = people_visible_to(user)  # type: ignore[attr-defined]


class TalentReviewSerializer(serializers.ModelSerializer):
    """A review as the caller may see it: `notes` is blank for a clinician when the
    notes are private to the talent lead."""

    notes = serializers.CharField(source="visible_notes", read_only=True)
    reviewer_name = serializers.SerializerMethodField()

    class Meta:
        model = TalentReview
        fields = [
            "id",
            "profile",
            "reviewed_on",
            "reviewer",
            "reviewer_name",
            "performance",
            "potential",
            "nine_box",
            "readiness",
            "strengths",
            "development_needs",
            "notes",
            "notes_private",
            "shared_with_clinician",
        ]

    def get_reviewer_name(self, review: TalentReview) -> str:
        return review.reviewer.full_name or review.reviewer.email


class TalentReviewCreateSerializer(serializers.Serializer):
    profile = serializers.PrimaryKeyRelatedField(queryset=TalentProfile.objects.none())
    reviewer = serializers.IntegerField(required=False)
    reviewed_on = serializers.DateField()
    performance = serializers.IntegerField()
    potential = serializers.IntegerField()
    readiness = serializers.ChoiceField(choices=Readiness.choices)
    strengths = serializers.ListField(
        child=serializers.ChoiceField(choices=LeadershipDimension.choices),
        required=False,
    )
    development_needs = serializers.ListField(
        child=serializers.ChoiceField(choices=LeadershipDimension.choices),
        required=False,
    )
    notes = serializers.CharField(required=False, allow_blank=True)
    notes_private = serializers.BooleanField(default=True)
    shared_with_clinician = serializers.BooleanField(default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            user = _user(self)
            self.fields["profile"].queryset = (  # type: ignore[attr-defined]
                TalentProfile.objects.visible_to(user).live().exclude(person__user=user)
            )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Look the reviewer up among the profile's eligible reviewers only, so an id
        from elsewhere is refused without telling whether that account exists."""
        if "reviewer" in attrs:
            reviewer = eligible_reviewers(attrs["profile"]).filter(pk=attrs["reviewer"])
            found = reviewer.first()
            if found is None:
                raise serializers.ValidationError(
                    {
                        "reviewer": serializers.ErrorDetail(
                            "The reviewer must be a talent lead of the person's "
                            "organisation or their sponsor.",
                            code="reviewer_not_allowed",
                        )
                    }
                )
            attrs["reviewer"] = found
        return attrs


class DevelopmentActionSerializer(serializers.ModelSerializer):
    host_organisation = serializers.SlugRelatedField(
        slug_field="ods_code", read_only=True, allow_null=True
    )

    class Meta:
        model = DevelopmentAction
        fields = [
            "id",
            "profile",
            "kind",
            "title",
            "owner",
            "host_organisation",
            "starts_on",
            "due_on",
            "status",
            "outcome",
        ]


class DevelopmentActionWriteSerializer(serializers.Serializer):
    profile = serializers.PrimaryKeyRelatedField(queryset=TalentProfile.objects.none())
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()
    starts_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True
    )
    host_organisation = serializers.SlugRelatedField(
        slug_field="ods_code",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            user = _user(self)
            self.fields["profile"].queryset = (  # type: ignore[attr-defined]
                TalentProfile.objects.visible_to(user).live().exclude(person__user=user)
            )
            self.fields["owner"].queryset = people_visible_to(user)  # type: ignore[attr-defined]


class CohortSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="ods_code", read_only=True)
    entry_level = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Cohort
        fields = [
            "id",
            "name",
            "programme",
            "region",
            "year",
            "entry_level",
            "starts_on",
            "ends_on",
        ]


class CohortCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    programme = serializers.CharField(max_length=200)
    region = serializers.SlugRelatedField(
        slug_field="ods_code", queryset=Organisation.objects.none()
    )
    year = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    entry_level = serializers.SlugRelatedField(
        slug_field="code",
        queryset=EntryLevel.objects.all(),
        required=False,
        allow_null=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["region"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                organisation_q(_user(self), "", TALENT_READERS)
            )


class CohortAddSerializer(serializers.Serializer):
    profiles = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=False, max_length=5000
    )


class NineBoxSerializer(serializers.Serializer):
    box = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    count = serializers.JSONField()
