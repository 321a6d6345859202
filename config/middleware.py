"""Request guards that apply to every page and the API alike."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.views import defaults

from config.api import API_PREFIX, error_response


class RejectNulMiddleware:
    """Answer 400 to a URL or query string that holds a NUL character.

    No input of this product may contain NUL, and PostgreSQL refuses it in a string
    literal: a view that filters on a raw parameter ("?organisation=%00") or a path
    segment ("/reports/%00/") would fail with a 500 instead. Form fields already
    refuse NUL (Django's ProhibitNullCharactersValidator); this covers everything read
    straight from the URL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith(API_PREFIX):
                return error_response(
                    400, "null_characters", "Null characters are not allowed."
                )
            return defaults.bad_request(
                request, SuspiciousOperation("Null characters are not allowed.")
            )
        return self.get_response(request)
