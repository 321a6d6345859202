"""Fixtures for fault tests: private backends, workers and beat they can break.

Marked `faults` (see pyproject.toml): they run in CI, where a missing redis-server,
PostgreSQL server binaries or PostgreSQL test database fails them rather than skips.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings as django_settings

from tests.celery_fixtures import CeleryWorker, database_url, start_celery_worker
from tests.faults.processes import CeleryBeat, PrivatePostgres, PrivateRedis


@pytest.fixture
def workdir(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A temp folder for the test's processes; their logs print if the test failed."""
    path = Path(tempfile.mkdtemp(prefix="clp-faults-"))
    yield path
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for log in sorted(path.glob("*.log")):
            print(f"--- {log.name} ---")
            print(log.read_text(errors="replace")[-15000:])
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def private_redis(workdir: Path) -> Iterator[PrivateRedis]:
    """A redis-server of the test's own, free to be killed and started again."""
    server = PrivateRedis(workdir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _forget_broker_connections(app) -> None:
    """Drop Celery's cached broker pools and result backend.

    Celery builds them once from its configuration; after the broker URL changes, the
    next task must connect to the new one. kombu keeps its pools in a process-wide
    registry keyed by URL, so they are closed and cleared there (`kombu.pools.reset`);
    Celery offers no public call for its own references, and resets the same ones in
    a forked child (`Celery._after_fork`).
    """
    kombu.pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def private_broker(
    private_redis: PrivateRedis,
    transactional_db: None,
    reference_data: None,
    settings,
) -> Iterator[PrivateRedis]:
    """Run this process's app against the private Redis, as production runs on one.

    Tasks are published there (not run in-process), and results and the cache live
    there too, as REDIS_URL sets all three. Rows are committed (transactional_db), so
    workers in other processes see them.
    """
    from config.celery_app import app

    url = private_redis.url
    # Celery reads settings it was not given lazily from Django's: save them first.
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "result_backend", "task_always_eager")
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    settings.CELERY_RESULT_BACKEND = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    }
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _forget_broker_connections(app)
    try:
        yield private_redis
    finally:
        app.conf.update(saved)
        _forget_broker_connections(app)


def _worker_env(redis_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": database_url(django_settings.DATABASES["default"]),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def start_worker(
    private_broker: PrivateRedis, workdir: Path
) -> Iterator[Callable[..., CeleryWorker]]:
    """Start real Celery workers on the private broker; all stopped at teardown.

    They consume the default queue: the broker is the test's alone.
    """
    started: list[CeleryWorker] = []

    def start(**extra_env: str) -> CeleryWorker:
        worker = start_celery_worker(
            broker_url=private_broker.url,
            result_backend=private_broker.url,
            database_url=database_url(django_settings.DATABASES["default"]),
            queue="celery",
            log_dir=workdir,
            extra_env=extra_env,
        )
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


@pytest.fixture
def start_beat(
    private_broker: PrivateRedis, workdir: Path
) -> Iterator[Callable[..., CeleryBeat]]:
    """Start `celery beat` on the private broker with the product's schedule."""
    started: list[CeleryBeat] = []

    def start(**extra_env: str) -> CeleryBeat:
        env = {**os.environ, **_worker_env(private_broker.url), **extra_env}
        beat = CeleryBeat(env=env, workdir=workdir)
        started.append(beat)
        return beat

    try:
        yield start
    finally:
        for beat in started:
            beat.stop()


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    """A PostgreSQL cluster of the test's own, free to be restarted."""
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
