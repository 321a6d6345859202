"""Laptop settings: the embedded default (SQLite, eager Celery), debug on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed development key so `make run` needs no set-up; production refuses to start without its own.
SECRET_KEY = env(
    "SECRET_KEY", default="insecure-local-development-key-not-for-production"
)
# The talent review index carries covering columns (INCLUDE) that PostgreSQL uses and
# SQLite ignores; on the embedded SQLite default that is expected, not a problem.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
