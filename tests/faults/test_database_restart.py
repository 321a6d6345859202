"""PostgreSQL restarts under a running app: the app answers again without a restart.

The app runs as in production (gunicorn, production settings, persistent database
connections: CONN_MAX_AGE) against a private cluster; the cluster is restarted
(`pg_ctl restart -m fast`, which drops every connection), and the same processes
must serve again. Django's CONN_HEALTH_CHECKS tests a kept connection before the first
query of each request, so not even the first request after the restart should fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.celery_fixtures import BASE_DIR
from tests.faults.processes import PrivatePostgres, WebServer

pytestmark = [pytest.mark.faults, pytest.mark.slow]

SECRET_KEY = "fault-test-secret-key-of-at-least-thirty-two-characters"
EMAIL = "restart@example.nhs.uk"
# Pages that read the database on every request: the session and the user, then the
# page's own queries.
PAGES = ["/accounts/profile/", "/regulation/"]

# Migrate, then sign a user in through Django's test client: it stores the session
# in the database the server reads, and the cookie lets this test reuse it.
PREPARE = f"""
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from accounts.models import User
call_command("migrate", interactive=False, verbosity=0)
user = User.objects.create_user(email="{EMAIL}", password="not-used-here")
client = Client()
client.force_login(user)
print(client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


def app_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": "",  # no broker: this test is about the database
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def web(private_postgres: PrivatePostgres, workdir: Path):
    private_postgres.create_database("clp")
    env = app_env(private_postgres.url("clp"))
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert prepared.returncode == 0, prepared.stderr.decode()[-4000:]
    session = prepared.stdout.decode().split()[-1]
    server = WebServer(env=env, workdir=workdir, workers=2)
    try:
        yield server, f"sessionid={session}"
    finally:
        server.stop()


def signed_in_pages_answer(server: WebServer, cookie: str) -> list[str]:
    """Each page's failure, if any; an empty list when every page answered 200."""
    failures = []
    for path in PAGES:
        status, body = server.get(path, cookie)
        if status != 200:
            failures.append(f"{path}: {status}")
        elif EMAIL not in body and path == "/accounts/profile/":
            failures.append(f"{path}: not signed in")
    return failures


def readiness(server: WebServer) -> tuple[int, str]:
    status, body = server.get("/readyz")
    return status, json.loads(body)["checks"]["database"]


def test_the_app_serves_again_after_postgresql_restarts_without_restarting(
    private_postgres: PrivatePostgres, web: tuple[WebServer, str]
):
    server, cookie = web
    # Every gunicorn worker holds a connection (many requests reach both).
    for _ in range(6):
        assert signed_in_pages_answer(server, cookie) == []
    assert readiness(server) == (200, "ok")
    workers = server.worker_pids()

    private_postgres.restart()

    # Every request after the restart answers: each worker's kept connection fails
    # its health check and is replaced before the request's first query.
    started = time.monotonic()
    failures = [f for _ in range(10) for f in signed_in_pages_answer(server, cookie)]
    assert failures == [], server.log()[-4000:]
    assert time.monotonic() - started < 10
    assert readiness(server) == (200, "ok")
    # The same processes: nothing was restarted to get there.
    assert server.process.poll() is None
    assert server.worker_pids() == workers
    # And the server's log records no error from the restart.
    assert "Traceback" not in server.log()
