"""One DRF router for every app's viewsets, mounted at /api/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import MeView
from leadership.api.views import (
    AppointmentViewSet,
    LeaderStatisticsView,
    LeaderViewSet,
    OrganisationViewSet,
)
from reports.api.views import ReportResultViewSet, ReportRunViewSet
from talent.api.views import (
    CohortViewSet,
    DevelopmentActionViewSet,
    TalentProfileViewSet,
    TalentReviewViewSet,
)


class JsonRouter(DefaultRouter):
    """The API root and every viewset, without format-suffix routes (".json", ".api"):
    the API answers JSON only."""

    include_format_suffixes = False


router = JsonRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("leadership/leaders", LeaderViewSet, basename="leader")
router.register("leadership/appointments", AppointmentViewSet, basename="appointment")
router.register("talent/profiles", TalentProfileViewSet, basename="talent-profile")
router.register("talent/reviews", TalentReviewViewSet, basename="talent-review")
router.register("talent/actions", DevelopmentActionViewSet, basename="talent-action")
router.register("talent/cohorts", CohortViewSet, basename="talent-cohort")
router.register("reports/runs", ReportRunViewSet, basename="report-run")
router.register("reports/results", ReportResultViewSet, basename="report-result")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path(
        "leadership/statistics/",
        LeaderStatisticsView.as_view(),
        name="api-leader-statistics",
    ),
    path("", include(router.urls)),
]
