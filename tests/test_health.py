"""Load-balancer probes: /healthz touches nothing, /readyz names the backend that failed."""

from __future__ import annotations

import pytest
from django.db.utils import ConnectionHandler

from config import health


def test_healthz_answers_200_json_without_the_database(client):
    # No django_db mark: any query here would raise "Database access not allowed".
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_answers_200_with_the_database_up_and_tasks_eager(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok"},
    }


@pytest.fixture
def unreachable_database(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the probe at a real database connection that cannot open.

    A SQLite file inside a folder that does not exist fails in the driver itself, so
    the probe meets a genuine OperationalError rather than a stubbed one.
    """
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "missing-folder" / "db.sqlite3"),
            }
        }
    )
    monkeypatch.setattr(health, "connection", handler["default"])
    yield
    handler["default"].close()


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_database_when_it_cannot_connect(
    client, settings, unreachable_database
):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"] == "ok"
    assert body["checks"]["database"].startswith("OperationalError")
