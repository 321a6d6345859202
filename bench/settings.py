"""Bench settings: production's, served over plain HTTP on loopback, plus bench-only URLs.

The load test and the throughput benchmark run gunicorn with these, so what they measure
is what production runs (DEBUG off, cached templates, whitenoise serving collected
static files, sessions and cache as configured) less TLS, which a proxy terminates in
production and which loopback has none of. Needs SECRET_KEY, DATABASE_URL and
ALLOWED_HOSTS like production; bench/server.py sets them.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import env

ROOT_URLCONF = "bench.urls"
# Plain HTTP on loopback: no redirect to HTTPS, and cookies a plain-HTTP client sends back.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SILENCED_SYSTEM_CHECKS = [
    "security.W004",
    "security.W008",
    "security.W012",
    "security.W016",
    "security.W021",
]
STATIC_ROOT = env.path("BENCH_STATIC_ROOT")
# To measure another session engine (e.g. cached_db) without changing the product's.
SESSION_ENGINE = env(
    "BENCH_SESSION_ENGINE", default="django.contrib.sessions.backends.db"
)
# Request lines would cost the server time and fill the terminal.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
