"""API foundations: schema and docs, pagination, filters, the one error shape."""

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from conftest import TRUST_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(make_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(
        make_user("api@example.nhs.uk", Role.TALENT_LEAD, TRUST_A)
    )
    return client


def test_openapi_schema_lists_every_endpoint(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/organisations/",
        "/api/talent/profiles/",
        "/api/reports/runs/",
        "/api/me/",
    ]:
        assert path in paths


def test_docs_page_serves_swagger_from_our_own_static_files(client, make_user):
    client.force_login(make_user("docs@example.nhs.uk"))
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()


def test_token_authentication(make_user):
    from rest_framework.authtoken.models import Token

    user = make_user("token@example.nhs.uk", Role.NATIONAL_ADMIN, "ENG")
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/me/").json()["memberships"] == [
        {
            "role": "national_admin",
            "organisation_code": "ENG",
            "organisation_name": "England",
        }
    ]


def test_lists_paginate_and_filter(api):
    body = api.get("/api/organisations/", {"kind": "trust", "page_size": 10}).json()
    assert body["count"] == 273
    assert len(body["results"]) == 10
    assert body["next"].endswith("page=2&page_size=10") or "page=2" in body["next"]
    body = api.get("/api/organisations/", {"within": "Y62", "kind": "icb"}).json()
    assert {r["ods_code"] for r in body["results"]} >= {"QOP"}
    assert all(r["path"].startswith("/ENG/Y62/") for r in body["results"])


def test_validation_errors_share_one_shape(api):
    response = api.post("/api/reports/runs/", {"kind": "nonsense"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "invalid"
    assert error["fields"]["kind"][0]["code"] == "invalid_choice"
    assert error["fields"]["organisation"][0]["code"] == "required"


def test_organisation_detail_by_ods_code_and_unknown_is_404(api):
    assert api.get("/api/organisations/R0A/").json()["name"].startswith("Manchester")
    assert api.get("/api/organisations/NOPE/").json()["error"]["code"] == "not_found"
