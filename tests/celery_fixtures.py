"""Fixtures for tests that need a real Celery worker and Redis (marked celery_worker).

The unit suite runs tasks eagerly (config/settings/test.py). Tests marked celery_worker
prove the other path: the test process publishes to Redis after commit, and a worker in
another process, with the production task settings, builds the report against the same
test database. Locally they skip without REDIS_URL; in CI (CI set) they must run, so a
missing broker fails them, and any skip of a celery_worker, browser or faults test
(tests/faults/, which start their own workers with `start_celery_worker`) is turned
into a failure.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

BASE_DIR = Path(__file__).resolve().parent.parent
MUST_RUN_IN_CI = ("celery_worker", "browser", "faults")
WORKER_START_TIMEOUT = 60.0


def skip_or_fail(reason: str) -> None:
    """Skip locally; in CI a missing backend is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this test must run)", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the item, and fail CI skips of must-run tests."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
    if (
        os.environ.get("CI")
        and report.skipped
        and not hasattr(report, "wasxfail")
        and any(item.get_closest_marker(name) for name in MUST_RUN_IN_CI)
    ):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} is marked {'/'.join(MUST_RUN_IN_CI)} and must run in CI, "
            f"but it was skipped: {reason}"
        )


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The broker the suite was pointed at; skip (or fail in CI) without one."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("needs a Redis broker: set REDIS_URL=redis://127.0.0.1:6379/0")
    return url


def database_url(db: dict) -> str:
    """Rebuild a URL for the test database that django-environ in the worker can read."""
    engine = db["ENGINE"]
    if "postgresql" not in engine:
        skip_or_fail(
            "needs PostgreSQL (DATABASE_URL): a worker in another process cannot "
            f"see this test database ({engine})"
        )
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{db['NAME']}"


@dataclass
class CeleryWorker:
    """A running worker: its node name, the queue it consumes, its broker and log."""

    process: subprocess.Popen[bytes]
    hostname: str
    queue: str
    log_path: Path
    broker_url: str = ""

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def pool_pids(self) -> list[int]:
        """The prefork pool's processes (the children that run tasks)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def stop(self) -> None:
        _stop(self.process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Warm shutdown (finish the current task), then kill the group if it hangs."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def start_celery_worker(
    *,
    broker_url: str,
    result_backend: str,
    database_url: str,
    queue: str | None = None,
    log_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> CeleryWorker:
    """Start `celery worker` (prefork, one process) and wait until it answers a ping.

    Without `queue` it consumes a queue named after itself, so runs sharing one Redis
    cannot take each other's tasks. The caller stops it (`CeleryWorker.stop`), also
    when this raises: a worker that never answered is stopped here.
    """
    from config.celery_app import app

    token = uuid.uuid4().hex[:10]
    hostname = f"clp-test-{token}@localhost"
    queue = queue or f"clp-test-{token}"
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="clp-celery-"))
    log_path = log_dir / f"worker-{token}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": broker_url,
        # Exactly the broker and result store the test process publishes to and reads.
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": result_backend,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "config",
        "worker",
        "-l",
        "info",
        "-P",
        "prefork",
        "-c",
        "1",
        "-n",
        hostname,
        "-Q",
        queue,
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown stops all
        )
    worker = CeleryWorker(process, hostname, queue, log_path, broker_url)
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        with app.connection_for_write(broker_url) as connection:
            while True:
                if process.poll() is not None:
                    pytest.fail(
                        f"Celery worker exited with {process.returncode}:\n"
                        f"{worker.log()}",
                        pytrace=False,
                    )
                if app.control.ping(
                    destination=[hostname], timeout=1, connection=connection
                ):
                    return worker
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"Celery worker did not answer a ping within "
                        f"{WORKER_START_TIMEOUT:.0f}s:\n{worker.log()}",
                        pytrace=False,
                    )
    except BaseException:
        worker.stop()
        raise


@pytest.fixture(scope="session")
def celery_worker_session(
    redis_url: str, django_db_setup: None
) -> Iterator[CeleryWorker]:
    """Start one worker for the session, on a queue of its own, against the test DB.

    The private queue and node name keep concurrent runs sharing one Redis (other
    engineers, CI, pytest-xdist workers) from taking each other's tasks.
    """
    from config.celery_app import app

    worker = start_celery_worker(
        broker_url=app.conf.broker_url,
        result_backend=app.conf.result_backend or redis_url,
        database_url=database_url(django_settings.DATABASES["default"]),
    )
    try:
        yield worker
    finally:
        worker.stop()


def _route_tasks_to(app, routes: object) -> None:
    """Point the publisher's router at `routes` (Celery caches the router it built)."""
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


@pytest.fixture
def celery_worker_process(
    request: pytest.FixtureRequest,
    celery_worker_session: CeleryWorker,
    transactional_db: None,
    reference_data: None,
    settings,
) -> Iterator[CeleryWorker]:
    """Publish this test's tasks to the real worker instead of running them in-process.

    Needs committed rows (the worker is another process), hence transactional_db, and
    the reference data that a transactional flush removes.
    """
    from config.celery_app import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved_eager = app.conf.task_always_eager
    saved_routes = app.conf.task_routes
    app.conf.task_always_eager = False
    _route_tasks_to(app, {"*": {"queue": celery_worker_session.queue}})
    try:
        yield celery_worker_session
    finally:
        app.conf.task_always_eager = saved_eager
        _route_tasks_to(app, saved_routes)
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            print(f"--- Celery worker log ({celery_worker_session.log_path}) ---")
            print(celery_worker_session.log()[-20000:])
