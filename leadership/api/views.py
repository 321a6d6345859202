"""Read endpoints for organisations, leaders, appointments, boards and statistics."""

import datetime as dt

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import ReadOrNationalAdminWrite
from careers.models import Role
from leadership import selectors
from leadership.api import serializers as s
from leadership.filters import LeaderFilter, OrganisationFilter
from leadership.models import Appointment, Person
from leadership.selectors import boards, people, statistics
from leadership.services.people import appointment_create, person_create


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """NHS organisations (reference data, readable by every signed-in user)."""

    serializer_class = s.OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "ods_code"
    ordering_fields = ["name", "ods_code"]

    def get_queryset(self):
        return selectors.organisation_list()

    @extend_schema(
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description="Default today")
        ],
        responses=s.BoardSerializer,
    )
    @action(detail=True)
    def board(self, request: Request, ods_code: str | None = None) -> Response:
        """The organisation's board on a date: members, vacancies, professions missing."""
        organisation = self.get_object()
        field = serializers.DateField(required=False)
        on = field.run_validation(request.query_params.get("on") or dt.date.today())
        board = boards.board_get(organisation=organisation, on=on)
        return Response(s.BoardSerializer(board).data)


class LeaderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Senior leaders with their current posts; the detail has the whole timeline.
    Demographics appear only for national admins, who alone may add people (a person
    appears in the list once they hold a senior post)."""

    filterset_class = LeaderFilter
    permission_classes = [ReadOrNationalAdminWrite]

    @extend_schema(
        request=s.PersonCreateSerializer, responses={201: s.PersonDetailSerializer}
    )
    def create(self, request: Request) -> Response:
        data = s.PersonCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        profession = values.pop("profession")
        person = person_create(profession_id=profession.pk, **values)
        return Response(
            {
                "id": person.pk,
                "external_ref": person.external_ref,
                "full_name": person.full_name,
            },
            status=status.HTTP_201_CREATED,
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no queries
            return Person.objects.none()
        if self.action == "retrieve":
            return (
                people.leaders()
                .select_related("profession")
                .prefetch_related(
                    Prefetch(
                        "appointments",
                        queryset=Appointment.objects.select_related(
                            "role", "organisation", "level"
                        ),
                    ),
                    Prefetch(
                        "appointments",
                        queryset=people.current_posts(),
                        to_attr="current_posts",
                    ),
                    "qualifications",
                    "registrations__regulator",
                    "other_professions",
                )
            )
        sort = self.request.query_params.get("sort", "")
        return people.leader_list(with_latest="latest" in sort).order_by(
            "full_name", "pk"
        )

    def get_serializer_class(self):
        sensitive = people.can_export_demographics(self.request.user)
        if self.action == "retrieve":
            return (
                s.PersonDetailWithDemographicsSerializer
                if sensitive
                else s.PersonDetailSerializer
            )
        return (
            s.PersonListWithDemographicsSerializer
            if sensitive
            else s.PersonListSerializer
        )


class AppointmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Appointments on leaders' timelines; filter by organisation, role, board seat, dates.
    National admins add posts through the same service the import uses."""

    serializer_class = s.AppointmentSerializer
    permission_classes = [ReadOrNationalAdminWrite]

    @extend_schema(
        request=s.AppointmentCreateSerializer, responses={201: s.AppointmentSerializer}
    )
    def create(self, request: Request) -> Response:
        data = s.AppointmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = appointment_create(**data.validated_data)
        return Response(
            s.AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED
        )

    filterset_fields = {
        "organisation__ods_code": ["exact"],
        "role__code": ["exact"],
        "board_seat": ["exact"],
        "contract_type": ["exact"],
        "start_date": ["gte", "lte"],
        "end_date": ["gte", "lte", "isnull"],
    }
    ordering_fields = ["start_date", "end_date"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no queries
            return Appointment.objects.none()
        return (
            Appointment.objects.filter(person__in=people.leaders())
            .select_related("role", "organisation", "level")
            .order_by("person_id", "start_date", "pk")
        )


class StatisticsQuerySerializer(serializers.Serializer):
    role = serializers.SlugRelatedField(slug_field="code", queryset=Role.objects.all())
    within = serializers.CharField(required=False, help_text="ODS code of a scope")
    profession = serializers.CharField(required=False)
    background = serializers.ChoiceField(
        choices=["clinical", "non_clinical"], required=False
    )
    as_of = serializers.DateField(required=False)


class LeaderStatisticsView(APIView):
    """Statistics for a role over a filtered set of leaders (see leader_stats)."""

    @extend_schema(
        parameters=[StatisticsQuerySerializer], responses=OpenApiTypes.OBJECT
    )
    def get(self, request: Request) -> Response:
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        within = None
        if data.get("within"):
            within = selectors.organisation_get(ods_code=data["within"])
        person_filters = {
            k: data[k] for k in ("profession", "background") if data.get(k)
        }
        filtered = (
            LeaderFilter(person_filters, queryset=people.leaders())
            if person_filters
            else None
        )
        if filtered is not None and not filtered.is_valid():
            raise serializers.ValidationError(filtered.errors)
        disclosure = statistics.statistics_disclosure(user=request.user, within=within)
        return Response(
            statistics.role_statistics(
                role=data["role"],
                people=filtered.qs if filtered is not None else None,
                within=within,
                as_of=data.get("as_of"),
                disclosure=disclosure,
            )
        )
