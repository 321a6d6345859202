from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import MeSerializer
from accounts.models import User


class MeView(APIView):
    """The caller's account and memberships, so a client can tell what it may see."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = User.objects.prefetch_related("memberships__organisation").get(
            pk=request.user.pk
        )
        return Response(MeSerializer(user).data)
