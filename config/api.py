"""API glue shared by every app: pagination and the one error shape."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(pagination.PageNumberPagination):
    """Page-number pagination whose page size the client may lower or raise to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200


def _flatten(details: Any) -> tuple[str, str, dict[str, list[dict[str, str]]]]:
    """Return (code, message, fields) from DRF's full details structure."""
    if isinstance(details, dict) and "code" in details and "message" in details:
        return str(details["code"]), str(details["message"]), {}
    if isinstance(details, list):
        first = details[0] if details else {"code": "invalid", "message": "Invalid."}
        return _flatten(first)
    fields: dict[str, list[dict[str, str]]] = {}
    for name, value in (details or {}).items():
        items = value if isinstance(value, list) else [value]
        fields[name] = [
            {"code": str(i.get("code", "invalid")), "message": str(i.get("message", i))}
            if isinstance(i, dict)
            else {"code": "invalid", "message": str(i)}
            for i in items
        ]
    non_field = fields.pop("non_field_errors", None)
    if non_field:
        return non_field[0]["code"], non_field[0]["message"], fields
    return "invalid", "The request has errors; see fields.", fields


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer every handled error as {"error": {status, code, message, fields}}."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    code, message, fields = _flatten(exc.get_full_details())
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            "fields": fields,
        }
    }
    return response


API_PREFIX = "/api/"


def _error_response(status: int, code: str, message: str) -> JsonResponse:
    body = {"error": {"status": status, "code": code, "message": message, "fields": {}}}
    return JsonResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for a URL no view matched: under /api/ in the API's error shape."""
    if request.path.startswith(API_PREFIX):
        return _error_response(404, "not_found", "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 for an unhandled error: under /api/ in the API's error shape."""
    if request.path.startswith(API_PREFIX):
        return _error_response(500, "server_error", "A server error occurred.")
    return defaults.server_error(request)
