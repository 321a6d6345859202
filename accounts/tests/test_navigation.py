"""The navigation: reversed once per process, still filtered by each user's roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import clear_script_prefix, set_script_prefix

from accounts.context_processors import navigation
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def labels(user, path: str = "/") -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [item["label"] for item in navigation(request)["nav_items"]]


def test_each_user_sees_only_their_roles_links_from_the_shared_links(make_user):
    clinician = make_user("c@example.nhs.uk", Role.CLINICIAN, "R0A")
    lead = make_user("l@example.nhs.uk", Role.TALENT_LEAD, "R0A")
    for _ in range(2):  # the second round reads the links reversed by the first
        assert "My programme" in labels(clinician)
        assert "Talent dashboard" not in labels(clinician)
        assert "Talent dashboard" in labels(lead)
        assert "My programme" not in labels(lead)


def test_the_current_page_is_marked_per_request(make_user):
    user = make_user("c@example.nhs.uk", Role.CLINICIAN, "R0A")
    request = RequestFactory().get("/careers/")
    request.user = user
    active = [i["label"] for i in navigation(request)["nav_items"] if i["active"]]
    assert active == ["Careers"]


def test_links_follow_the_script_prefix_the_app_is_mounted_under(make_user):
    user = make_user("c@example.nhs.uk", Role.CLINICIAN, "R0A")
    set_script_prefix("/clp/")
    try:
        request = RequestFactory().get("/")
        request.user = user
        urls = [item["url"] for item in navigation(request)["nav_items"]]
    finally:
        clear_script_prefix()
    assert urls and all(url.startswith("/clp/") for url in urls)


def test_signed_out_visitors_get_no_navigation():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert navigation(request) == {"nav_items": []}
