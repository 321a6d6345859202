"""Production settings fail fast without their secrets and pass Django's deploy checks;
every page sends the security headers and holds nothing the content security policy
would block.

Production cases run in a subprocess, because settings are read once per process.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

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


# ------------------------------------------------------------------ security headers

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

response = Client().get("/healthz", secure=True, headers={"host": "example.org"})
plain = Client().get("/accounts/login/", headers={"host": "example.org"})
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in (
        "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
        "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS",
        "SECURE_PROXY_SSL_HEADER", "MIDDLEWARE",
    )},
    "headers": dict(response.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
}, default=list))
"""


def production_probe() -> dict:
    result = run_python(
        "-c",
        PROBE,
        env={**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(48)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def csp_directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (
            part.split() for part in header.split(";") if part.strip()
        )
    }


def test_production_settings_make_cookies_secure_and_send_hsts():
    probe = production_probe()
    values = probe["settings"]

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    # Plain http is sent to https before any page is served.
    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://example.org/accounts/login/"


def test_the_csp_middleware_comes_right_after_the_security_middleware():
    middleware = production_probe()["settings"]["MIDDLEWARE"]

    assert middleware[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
    ]
    # Before anything that reads the body (CSRF, sessions) can parse a huge upload.
    assert middleware.index("accounts.uploads.UploadSizeLimitMiddleware") < (
        middleware.index("django.middleware.csrf.CsrfViewMiddleware")
    )


PAGES = [
    "/",
    "/accounts/login/",
    "/leaders/",
    "/careers/",
    "/regulation/",
    "/talent/",
    "/reports/",
    "/api/docs/",
    "/no-such-page/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_a_strict_content_security_policy(client, national_admin, url):
    client.force_login(national_admin)

    response = client.get(url)

    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


class InlineCode(HTMLParser):
    """Collect what the policy would block: inline scripts, styles and handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            if not names.get("src"):
                self.found.append("<script> without src")
            else:
                self.scripts.append(str(names["src"]))
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f'<{tag} {name}="{value}">')
            if name in {"href", "src", "action"} and str(value).startswith(
                "javascript:"
            ):
                self.found.append(f'<{tag} {name}="{value}">')


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PAGES, "/careers/pathways/"])
def test_pages_hold_no_inline_script_or_style(client, national_admin, url):
    client.force_login(national_admin)

    response = client.get(url, follow=True)

    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.found == []


@pytest.mark.django_db
def test_the_pathway_diagram_and_report_pages_hold_no_inline_style(
    client, national_admin
):
    from careers.models import Pathway

    client.force_login(national_admin)
    pathway = Pathway.objects.order_by("pk").first()
    assert pathway is not None
    for url in (
        f"/careers/pathways/{pathway.code}/",
        "/reports/R0A/",
        "/reports/R0A/progress/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<svg" in response.content.decode() or "progress" in url, url
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.found == [], url


@pytest.mark.django_db
def test_swagger_ui_loads_its_init_script_from_a_file(client, national_admin):
    client.force_login(national_admin)

    page = client.get("/api/docs/")
    parser = InlineCode()
    parser.feed(page.content.decode())
    init = next(src for src in parser.scripts if "script" in src.split("?", 1)[-1])
    script = client.get(html.unescape(init))

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_templates_hold_no_inline_script_or_style():
    # A guard for pages the tests above do not render.
    found = []
    for template in BASE_DIR.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        source = re.sub(
            r"{% comment %}.*?{% endcomment %}|{#.*?#}",
            "",
            template.read_text(),
            flags=re.S,
        )
        parser = InlineCode()
        parser.feed(source)
        found += [f"{template.relative_to(BASE_DIR)}: {item}" for item in parser.found]
    assert found == []
