from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from reports import runs, selectors
from reports.api.serializers import (
    ReportResultSerializer,
    ReportRunRequestSerializer,
    ReportRunSerializer,
)


class ReportRunViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Request a report for a scope and date, then poll its run until it finishes."""

    serializer_class = ReportRunSerializer
    filterset_fields = ["kind", "status", "as_of"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.report_run_list(user=self.request.user)

    @extend_schema(
        request=ReportRunRequestSerializer, responses={202: ReportRunSerializer}
    )
    def create(self, request: Request) -> Response:
        serializer = ReportRunRequestSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        run = runs.report_run_request(
            requested_by=request.user, **serializer.validated_data
        )
        run.refresh_from_db()
        return Response(ReportRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class ReportResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Read kept results (one per kind, scope and date), newest first.

    Filter with `kind`, `organisation` (ODS code) and `as_of`; for the ceiling report,
    `profession` narrows the rows and `threshold` sets the ceiling's threshold. Small
    numbers are suppressed for the caller exactly as on the dashboards.
    """

    serializer_class = ReportResultSerializer
    filterset_fields = {"kind": ["exact"], "as_of": ["exact", "gte", "lte"]}
    ordering_fields = ["as_of"]

    def get_queryset(self):
        results = selectors.report_result_list(user=self.request.user)
        code = self.request.query_params.get("organisation")
        if code:
            results = results.filter(organisation__ods_code__iexact=code)
        return results
