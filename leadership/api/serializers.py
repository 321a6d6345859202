from rest_framework import serializers

from careers.models import Profession, Role
from leadership.models import (
    Appointment,
    ContractType,
    DatePrecision,
    EthnicCategory,
    Organisation,
    Person,
    Qualification,
    Registration,
)


class OrganisationSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.ods_code", default=None, read_only=True, allow_null=True
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


class AppointmentSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="ods_code", read_only=True)
    role = serializers.SlugRelatedField(slug_field="code", read_only=True)
    level = serializers.IntegerField(source="level.rank", read_only=True)

    class Meta:
        model = Appointment
        fields = [
            "id",
            "person",
            "organisation",
            "role",
            "title",
            "level",
            "contract_type",
            "board_seat",
            "is_voting",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
        ]


class QualificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Qualification
        fields = ["kind", "name", "provider", "year"]


class RegistrationSerializer(serializers.ModelSerializer):
    regulator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "regulator",
            "registration_number",
            "status",
            "revalidation_due",
            "does_clinical_work",
            "clinical_sessions",
        ]


class PersonListSerializer(serializers.ModelSerializer):
    profession = serializers.SlugRelatedField(slug_field="code", read_only=True)
    clinical = serializers.BooleanField(source="profession.is_clinical", read_only=True)
    current_posts = AppointmentSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "external_ref",
            "full_name",
            "profession",
            "clinical",
            "specialty",
            "current_posts",
        ]


class PersonDetailSerializer(PersonListSerializer):
    appointments = AppointmentSerializer(many=True, read_only=True)
    qualifications = QualificationSerializer(many=True, read_only=True)
    registrations = RegistrationSerializer(many=True, read_only=True)
    other_professions = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta(PersonListSerializer.Meta):
        fields = [
            "id",
            "external_ref",
            "full_name",
            "profession",
            "clinical",
            "specialty",
            "other_professions",
            "appointments",
            "qualifications",
            "registrations",
        ]


class DemographicsMixin(serializers.Serializer):
    """Demographic fields, added only for callers allowed to read them."""

    sex = serializers.CharField(read_only=True)
    ethnic_category = serializers.CharField(
        source="ethnic_category_id", read_only=True, allow_null=True
    )
    disability = serializers.CharField(read_only=True)
    year_of_birth = serializers.IntegerField(read_only=True, allow_null=True)


class PersonListWithDemographicsSerializer(DemographicsMixin, PersonListSerializer):
    class Meta(PersonListSerializer.Meta):
        fields = [
            *PersonListSerializer.Meta.fields,
            "sex",
            "ethnic_category",
            "disability",
            "year_of_birth",
        ]


class PersonDetailWithDemographicsSerializer(DemographicsMixin, PersonDetailSerializer):
    class Meta(PersonDetailSerializer.Meta):
        fields = [
            *PersonDetailSerializer.Meta.fields,
            "sex",
            "ethnic_category",
            "disability",
            "year_of_birth",
        ]


class BoardMemberSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    full_name = serializers.CharField(source="person.full_name")
    profession = serializers.CharField(source="person.profession.code")
    clinical = serializers.BooleanField(source="person.profession.is_clinical")
    role = serializers.CharField(source="role.code", default=None, allow_null=True)
    title = serializers.CharField()
    board_seat = serializers.CharField()
    is_voting = serializers.BooleanField()
    contract_type = serializers.CharField()
    start_date = serializers.DateField()


class BoardSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.ods_code")
    on = serializers.DateField()
    members = BoardMemberSerializer(many=True)
    vacancies = serializers.SerializerMethodField()
    professions_present = serializers.SerializerMethodField()
    professions_missing = serializers.SerializerMethodField()

    def get_vacancies(self, board) -> list[str]:
        return [role.code for role in board.vacancies]

    def get_professions_present(self, board) -> list[str]:
        return [code for code, _ in board.groups_present]

    def get_professions_missing(self, board) -> list[str]:
        return [code for code, _ in board.groups_missing]


class PersonCreateSerializer(serializers.Serializer):
    """Fields a national admin gives to add a person; demographics are optional."""

    external_ref = serializers.CharField(max_length=64)
    full_name = serializers.CharField(max_length=200)
    profession = serializers.SlugRelatedField(
        slug_field="code", queryset=Profession.objects.all()
    )
    specialty = serializers.CharField(required=False, allow_blank=True, default="")
    sex = serializers.CharField(required=False, allow_blank=True, default="")
    ethnic_category = serializers.PrimaryKeyRelatedField(
        queryset=EthnicCategory.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    disability = serializers.CharField(required=False, allow_blank=True, default="")
    year_of_birth = serializers.IntegerField(
        required=False, allow_null=True, default=None
    )


class AppointmentCreateSerializer(serializers.Serializer):
    """Fields a national admin gives to add a post to a person's timeline."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    organisation = serializers.SlugRelatedField(
        slug_field="ods_code", queryset=Organisation.objects.all()
    )
    role = serializers.SlugRelatedField(slug_field="code", queryset=Role.objects.all())
    title = serializers.CharField(required=False, allow_blank=True, default="")
    contract_type = serializers.ChoiceField(
        choices=ContractType.choices, default=ContractType.SUBSTANTIVE
    )
    board_seat = serializers.ChoiceField(
        choices=["", "executive", "non_executive"],
        required=False,
        allow_null=True,
        default=None,
        help_text="Omit to use the role's own seat.",
    )
    is_voting = serializers.BooleanField(default=False)
    start_date = serializers.DateField()
    start_precision = serializers.ChoiceField(
        choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_precision = serializers.ChoiceField(
        choices=DatePrecision.choices, default=DatePrecision.DAY
    )
