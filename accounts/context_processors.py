"""Template context every page needs: the navigation for the user's roles."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

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


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the navigation links the signed-in user's roles allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, roles in NAVIGATION:
        if roles is not None and not has_role(user, *roles):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path == url})
    return {"nav_items": items}
