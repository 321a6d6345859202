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


def test_api_answers_json_only_without_format_suffix_routes(api):
    assert api.get("/api/organisations/").headers["Content-Type"] == (
        "application/json"
    )
    # No browsable HTML, however the client asks.
    html = api.get("/api/organisations/", HTTP_ACCEPT="text/html")
    assert html.status_code == 406
    assert html.json()["error"]["code"] == "not_acceptable"
    assert api.get("/api/organisations/", {"format": "api"}).status_code == 404
    # No ".json"/".api" routes: they are unknown URLs, answered in the error shape.
    for suffix in (".json", ".api"):
        response = api.get(f"/api/organisations{suffix}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_api_unknown_url_answers_404_in_the_error_shape(api, client):
    response = api.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "status": 404,
            "code": "not_found",
            "message": "Not found.",
            "fields": {},
        }
    }
    # Pages keep their HTML 404.
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page.headers["Content-Type"].startswith("text/html")


def test_api_server_error_answers_500_in_the_error_shape(api, monkeypatch):
    from leadership.api import views

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "organisation_list", broken)
    api.raise_request_exception = False
    response = api.get("/api/organisations/")
    assert response.status_code == 500
    assert response.json()["error"] == {
        "status": 500,
        "code": "server_error",
        "message": "A server error occurred.",
        "fields": {},
    }


def test_schema_documents_the_error_shape_for_every_operation(api):
    schema = api.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    assert "Error" in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for status in ("400", "401", "403", "404"):
                assert status in operation["responses"], (method, path, status)
    assert schema["components"]["schemas"]["Organisation"]["properties"]["parent_code"][
        "nullable"
    ]
