"""The real URL map plus three bench-only views that mark the floors a page stands on.

- /bench/bare/: does nothing (the whole middleware stack, no session read).
- /bench/session/: reads the session and the signed-in user, as every page must.
- /bench/layout/: renders only the base layout for the signed-in user (navigation,
  account links, CSRF token), the least any page of ours does.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as real_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


def session_and_user(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return HttpResponse(b"anonymous", status=403, content_type="text/plain")
    return HttpResponse(str(request.user.pk).encode(), content_type="text/plain")


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/session/", session_and_user),
    path("bench/layout/", layout),
    *real_urlpatterns,
]
