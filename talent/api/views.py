"""Thin viewsets over the talent selectors (reads, scoped) and services (writes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import Role
from accounts.scoping import has_role
from leadership.models import Organisation
from talent import selectors, services
from talent.api import serializers as s
from talent.filters import ActionFilter, CohortFilter, ReviewFilter, TalentProfileFilter
from talent.models import (
    Cohort,
    DevelopmentAction,
    TalentProfile,
    TalentReview,
    nine_box_labels,
)
from talent.selectors.dashboard import talent_disclosure
from talent.selectors.grid import nine_box_counts


class TalentWrite(BasePermission):
    """Every signed-in user reads what their scope allows; talent leads and national
    admins write (the services and scoped serializer fields decide which rows)."""

    message = "Only talent leads and national admins can change talent records."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or has_role(
            user, Role.TALENT_LEAD, Role.NATIONAL_ADMIN
        )


def _created(data: Any) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


class TalentProfileViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Talent profiles the caller may see; another organisation's profile answers 404."""

    serializer_class = s.TalentProfileSerializer
    filterset_class = TalentProfileFilter
    permission_classes = [TalentWrite]
    ordering_fields = ["joined_on", "person__full_name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TalentProfile.objects.none()
        return selectors.talent_profile_list_with_review(user=self.request.user)

    @extend_schema(
        request=s.TalentProfileCreateSerializer,
        responses={201: s.TalentProfileSerializer},
    )
    def create(self, request: Request) -> Response:
        data = s.TalentProfileCreateSerializer(
            data=request.data, context={"request": request}
        )
        data.is_valid(raise_exception=True)
        profile = services.talent_profile_create(by=request.user, **data.validated_data)
        return _created(s.TalentProfileSerializer(profile).data)

    @extend_schema(responses=s.NineBoxSerializer(many=True))
    @action(detail=False, url_path="nine-box", pagination_class=None)
    def nine_box(self, request: Request) -> Response:
        """Nine-box counts over the latest review of each filtered profile still on
        the programme (box null: not yet reviewed), small numbers suppressed beyond
        one organisation."""
        profiles = self.filter_queryset(
            TalentProfile.objects.visible_to(request.user).in_grid()
        )
        code = request.query_params.get("organisation")
        organisation = (
            Organisation.objects.filter(ods_code__iexact=code).first() if code else None
        )
        disclosure = talent_disclosure(user=request.user, organisation=organisation)
        counts = nine_box_counts(profiles)
        labels = nine_box_labels()
        rows = [
            {"box": b, "label": labels[b], "count": disclosure.count(counts.get(b, 0))}
            for b in range(1, 10)
        ] + [
            {
                "box": None,
                "label": "Not yet reviewed",
                "count": disclosure.count(counts.get(None, 0)),
            }
        ]
        return Response(rows)


class TalentReviewViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reviews the caller may see (a clinician: those shared with them, without
    private notes); talent leads record reviews through the review service."""

    serializer_class = s.TalentReviewSerializer
    filterset_class = ReviewFilter
    permission_classes = [TalentWrite]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TalentReview.objects.none()
        return selectors.review_list(user=self.request.user)

    @extend_schema(
        request=s.TalentReviewCreateSerializer,
        responses={201: s.TalentReviewSerializer},
    )
    def create(self, request: Request) -> Response:
        data = s.TalentReviewCreateSerializer(
            data=request.data, context={"request": request}
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("reviewer", request.user)
        review = services.talent_review_record(by=request.user, **values)
        return _created(
            s.TalentReviewSerializer(
                selectors.review_list(user=request.user).get(pk=review.pk)
            ).data
        )


class DevelopmentActionViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Development actions on the plans the caller may see."""

    serializer_class = s.DevelopmentActionSerializer
    filterset_class = ActionFilter
    permission_classes = [TalentWrite]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DevelopmentAction.objects.none()
        return selectors.action_list(user=self.request.user)

    @extend_schema(
        request=s.DevelopmentActionWriteSerializer,
        responses={201: s.DevelopmentActionSerializer},
    )
    def create(self, request: Request) -> Response:
        data = s.DevelopmentActionWriteSerializer(
            data=request.data, context={"request": request}
        )
        data.is_valid(raise_exception=True)
        action_ = services.development_action_create(
            by=request.user, **data.validated_data
        )
        return _created(s.DevelopmentActionSerializer(action_).data)

    @extend_schema(
        request=s.DevelopmentActionWriteSerializer,
        responses=s.DevelopmentActionSerializer,
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        current = self.get_object()
        data = s.DevelopmentActionWriteSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        data.is_valid(raise_exception=True)
        changes = {
            k: v for k, v in data.validated_data.items() if k not in ("profile", "kind")
        }
        updated = services.development_action_update(
            action=current, by=request.user, **changes
        )
        return Response(s.DevelopmentActionSerializer(updated).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, kwargs.get("pk"))


class CohortViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Cohorts run at, above or beneath the caller's organisations."""

    serializer_class = s.CohortSerializer
    filterset_class = CohortFilter
    permission_classes = [TalentWrite]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Cohort.objects.none()
        return selectors.cohort_list(user=self.request.user)

    @extend_schema(
        request=s.CohortCreateSerializer, responses={201: s.CohortSerializer}
    )
    def create(self, request: Request) -> Response:
        data = s.CohortCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        cohort = services.cohort_create(**data.validated_data)
        return _created(s.CohortSerializer(cohort).data)

    @extend_schema(request=s.CohortAddSerializer, responses={200: None})
    @action(detail=True, methods=["post"], url_path="add-profiles")
    def add_profiles(self, request: Request, pk: Any = None) -> Response:
        """Bulk-add profiles (ids) to the cohort: all or nothing."""
        cohort = self.get_object()
        data = s.CohortAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profiles = TalentProfile.objects.filter(pk__in=data.validated_data["profiles"])
        missing = set(data.validated_data["profiles"]) - set(
            profiles.values_list("pk", flat=True)
        )
        if missing:
            raise ValidationError(
                "%(n)d of the chosen profiles cannot be added.",
                code="not_visible",
                params={"n": len(missing)},
            )
        added = services.cohort_add_profiles(
            cohort=cohort, profiles=profiles, by=request.user
        )
        return Response({"added": added})
