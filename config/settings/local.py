"""Laptop settings: the embedded default (SQLite, eager Celery), debug on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed development key so `make run` needs no set-up; production refuses to start without its own.
SECRET_KEY = env(
    "SECRET_KEY", default="insecure-local-development-key-not-for-production"
)
