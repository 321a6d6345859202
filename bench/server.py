"""Serve the app with gunicorn on a free loopback port, as production would, for the
load test and the throughput benchmark; stop it afterwards.

`serve()` collects static files into a temporary folder, starts gunicorn (4 sync workers,
as the container runs) with bench.settings (production's less TLS) on
BENCH_DATABASE_URL and BENCH_REDIS_URL, waits until /healthz answers and stops it on
leaving. `sessions()` signs the demo users in from this process, so the clients need no
password (a login spends ~0.5 s of CPU on PBKDF2, which is not what is measured).
`python -m bench.server` serves for BENCH_SERVE_SECONDS (default 300) for a look by hand.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
WORKERS = 4
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cl_seed_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
_STATIC = Path(tempfile.gettempdir()) / f"clp-bench-static-{os.getuid()}"


def configure() -> dict[str, str]:
    """Set this process's environment to the server's (so Django here matches it) and
    return it; call before setting Django up."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
        ALLOWED_HOSTS=LOOPBACK,
        BENCH_STATIC_ROOT=str(_STATIC),
        DEBUG="false",
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    return dict(os.environ)


def collect_static(env: dict[str, str]) -> None:
    """Collect (and compress) static files once per change of the sources: ~30 s."""
    sources = [ROOT / "static", ROOT / "node_modules" / "nhsuk-frontend" / "dist"]
    newest = max(
        (f.stat().st_mtime for d in sources for f in d.rglob("*") if f.is_file()),
        default=0.0,
    )
    stamp = _STATIC / ".collected"
    if stamp.exists() and stamp.stat().st_mtime >= newest:
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    stamp.touch()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        # A loopback http URL built here, never a user's (bandit B310).
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # nosec B310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def serve(*, workers: int = WORKERS, timeout: float = 60.0) -> Iterator[str]:
    """Run gunicorn on a free loopback port until the block ends; yield its base URL."""
    env = configure()
    collect_static(env)
    port = free_port()
    base = f"http://{LOOPBACK}:{port}"
    # A SIGTERM to the benchmark (a CI timeout, `kill`) must still stop gunicorn.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"{LOOPBACK}:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout
            while not _answers(f"{base}/healthz"):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    tail = log.read().decode()[-3000:]
                    raise RuntimeError(f"gunicorn did not answer on {base}:\n{tail}")
                time.sleep(0.2)
            # Each worker sets the app up on its first request: warm them all first.
            for _ in range(workers * 4):
                _answers(f"{base}/healthz")
            yield base
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
            signal.signal(signal.SIGTERM, previous)


def sessions(emails: list[str]) -> dict[str, str]:
    """Sign each user in (no password) and return {email: session cookie value}.

    Needs Django set up after configure(); exits with advice when the demo data is missing.
    """
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    cookies = {}
    for email in emails:
        user = User.objects.filter(email=email).first()
        if user is None:
            raise SystemExit(f"No {email}: seed the national demo first (make bench).")
        client = Client()
        client.force_login(user)
        cookies[email] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def ensure_reports(ods_code: str) -> None:
    """Build the organisation's stored reports if it has none, so its board members'
    dashboard shows what a real one would (the seed builds none). Needs Django set up."""
    from reports.models import ReportResult

    if ReportResult.objects.filter(organisation__ods_code=ods_code).exists():
        return
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "REDIS_URL": "",  # tasks in-process
    }
    for kind in ("ceiling", "board-diversity"):
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "run_report",
                kind,
                "--scope",
                f"org:{ods_code}",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )


def main() -> None:
    seconds = float(os.environ.get("BENCH_SERVE_SECONDS", "300"))
    with serve() as base:
        print(f"Serving {base} for {seconds:.0f} s (Ctrl-C stops)", flush=True)
        with suppress(KeyboardInterrupt):
            time.sleep(seconds)


if __name__ == "__main__":
    main()
