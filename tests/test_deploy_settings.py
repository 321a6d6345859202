"""Production settings fail fast without their secrets and pass Django's deploy checks.

Each case runs in a subprocess, because settings are read once per process.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# What a real deployment provides (see docs/deployment.md); nothing here is contacted.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DATABASE_URL": "postgres://clp@db.internal:5432/clp",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "ALLOWED_HOSTS": "example.org",
}


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_refuse_to_load_without_a_secret_key():
    result = run_python("-c", "import config.settings.production", env=PRODUCTION_ENV)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = run_python(
        "-c",
        "import config.settings.production",
        env={**PRODUCTION_ENV, "SECRET_KEY": "too-short"},
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_load_without_a_database_url():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = run_python(
        "-c",
        "import config.settings.production",
        env={**env, "SECRET_KEY": secrets.token_urlsafe(48)},
    )

    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_deploy_checks_pass_with_production_settings():
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(48)},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_fail_with_debug_on():
    # Proves the check above can fail: DEBUG in production is a deploy-check warning.
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            **PRODUCTION_ENV,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DEBUG": "true",
        },
    )

    assert result.returncode != 0
    assert "security.W018" in result.stderr
