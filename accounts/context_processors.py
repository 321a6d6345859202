"""Template context every page needs: the navigation for the user's roles."""

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from accounts.roles import Role
from accounts.scoping import has_role

# (label, url name, roles that see it; None = every signed-in user)
NAVIGATION: list[tuple[str, str, frozenset[str] | None]] = [
    ("Home", "home", None),
    ("Leaders", "leadership:leader-list", None),
    ("Statistics", "leadership:leader-statistics", None),
    ("Organisations", "leadership:organisation-list", None),
    (
        "Board reports",
        "reports:index",
        frozenset({Role.BOARD_MEMBER, Role.TALENT_LEAD, Role.NATIONAL_ADMIN}),
    ),
    (
        "Talent dashboard",
        "talent:dashboard",
        frozenset({Role.TALENT_LEAD, Role.NATIONAL_ADMIN}),
    ),
    (
        "Talent profiles",
        "talent:profile-list",
        frozenset({Role.TALENT_LEAD, Role.NATIONAL_ADMIN, Role.CLINICIAN}),
    ),
    ("My programme", "talent:mine", frozenset({Role.CLINICIAN})),
    ("Careers", "careers:index", None),
    (
        "Advice queue",
        "careers:advice-queue",
        frozenset({Role.CONTENT_EDITOR, Role.NATIONAL_ADMIN}),
    ),
    ("API", "api-docs", None),
]


@cache
def _links(
    urlconf: str, script_prefix: str
) -> tuple[tuple[str, str, frozenset[str] | None], ...]:
    """Reverse the navigation once per process and URL map, not on every page.

    Keyed by the URL map and script prefix, the two things reverse() reads, so a
    request with its own urlconf (or a test overriding it) gets its own links.
    """
    links = []
    for label, name, roles in NAVIGATION:
        try:
            links.append((label, reverse(name, urlconf=urlconf), roles))
        except NoReverseMatch:
            continue
    return tuple(links)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the navigation links the signed-in user's roles allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": [
            {"label": label, "url": url, "active": request.path == url}
            for label, url, roles in _links(
                get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
            )
            if roles is None or has_role(user, *roles)
        ]
    }
