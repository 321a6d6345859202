"""Private Redis, PostgreSQL, Celery beat and web-server processes for fault tests.

The machine's own PostgreSQL and Redis are shared (other engineers, CI), so a test
that stops, kills or restarts a backend starts its own instance on a free loopback
port and removes it afterwards. Every wait here is bounded.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import redis

from tests.celery_fixtures import BASE_DIR, skip_or_fail

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def wait_for(
    condition: Callable[[], object], *, timeout: float, what: str, every: float = 0.1
) -> object:
    """Poll `condition` until it returns something truthy; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(every)


def stop_process(process: subprocess.Popen[bytes], *, grace: float = 10.0) -> None:
    """SIGTERM the process's group, then SIGKILL it if it has not gone in `grace` s."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        process.wait(timeout=10)


class PrivateRedis:
    """A throwaway redis-server on a free port: no persistence, loopback only."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            skip_or_fail("needs redis-server on PATH (apt-get install redis-server)")
        self.binary = str(binary)
        self.workdir = workdir
        self.port = free_port()
        self.url = f"redis://{LOOPBACK}:{self.port}/0"
        self.log_path = workdir / "redis.log"
        self.process: subprocess.Popen[bytes] | None = None

    def answers(self) -> bool:
        client = redis.Redis(
            host=LOOPBACK, port=self.port, socket_timeout=1, socket_connect_timeout=1
        )
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self) -> None:
        """Start (or start again, on the same port) and wait until it answers."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    LOOPBACK,
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    str(self.workdir),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self.answers, timeout=15, what=f"redis-server on port {self.port}")

    def freeze(self) -> None:
        """Make it hang (SIGSTOP): connections stay open, nothing answers."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        wait_for(lambda: not self.answers(), timeout=5, what="Redis to stop answering")

    def kill(self) -> None:
        """Stop it as an outage would: SIGKILL, every connection dropped at once."""
        assert self.process is not None
        self.process.kill()  # a frozen one too
        self.process.wait(timeout=10)
        wait_for(lambda: not self.answers(), timeout=5, what="Redis to stop answering")

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGCONT)  # if frozen
            stop_process(self.process)


def postgres_bindir() -> Path:
    """The newest installed PostgreSQL's server binaries (initdb, pg_ctl)."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: int(Path(path).parent.name),
    )
    for directory in reversed(candidates):
        if Path(directory, "initdb").exists():
            return Path(directory)
    initdb = shutil.which("initdb")
    if initdb is None:
        skip_or_fail(
            "needs the PostgreSQL server binaries (initdb, pg_ctl): "
            "apt-get install postgresql"
        )
    return Path(initdb).resolve().parent


class PrivatePostgres:
    """A throwaway PostgreSQL cluster: trust auth, loopback, its own port and folder.

    Run as the postgres OS user when the tests run as root (CI does), since the
    server refuses to run as root.
    """

    def __init__(self) -> None:
        self.bindir = postgres_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="clp-pg-"))
        self.datadir = self.root / "data"
        self.log_path = self.root / "server.log"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, user="postgres", group="postgres")

    def url(self, name: str) -> str:
        return f"postgres://postgres@{LOOPBACK}:{self.port}/{name}"

    def _run(self, *command: str, timeout: float = 60) -> None:
        argv = [str(self.bindir / command[0]), *command[1:]]
        if self.as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(
            argv, capture_output=True, timeout=timeout, check=False, cwd=self.root
        )
        if done.returncode != 0:
            log = self.log_path.read_text() if self.log_path.exists() else ""
            raise AssertionError(
                f"{' '.join(argv)} exited {done.returncode}:\n"
                f"{done.stdout.decode()}{done.stderr.decode()}\n{log[-4000:]}"
            )

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses={LOOPBACK} -k {self.root} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            "pg_ctl",
            action,
            "-D",
            str(self.datadir),
            "-l",
            str(self.log_path),
            "-o",
            options,
            "-w",
            "-t",
            "30",
            *extra,
        )

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        self._pg_ctl("start")

    def create_database(self, name: str) -> None:
        self._run(
            "createdb", "-h", LOOPBACK, "-p", str(self.port), "-U", "postgres", name
        )

    def restart(self) -> None:
        """Restart the server, dropping every connection (fast shutdown)."""
        self._pg_ctl("restart", "-m", "fast")

    def remove(self) -> None:
        """Stop the server, if running, and delete its folder."""
        if (self.datadir / "postmaster.pid").exists():
            try:
                self._run(
                    "pg_ctl", "stop", "-D", str(self.datadir), "-m", "immediate", "-w"
                )
            except (AssertionError, subprocess.TimeoutExpired):
                pid = int((self.datadir / "postmaster.pid").read_text().split()[0])
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)


class CeleryBeat:
    """`celery beat` against a private broker, with its schedule in a temp folder."""

    def __init__(self, *, env: dict[str, str], workdir: Path) -> None:
        self.log_path = workdir / "beat.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("celery")),
                    "-A",
                    "config",
                    "beat",
                    "-l",
                    "info",
                    "--schedule",
                    str(workdir / "beat-schedule"),
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        stop_process(self.process)


class WebServer:
    """The app under gunicorn, as it runs in production, on a free loopback port."""

    def __init__(self, *, env: dict[str, str], workdir: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.base_url = f"http://{LOOPBACK}:{self.port}"
        self.log_path = workdir / "gunicorn.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "config.wsgi:application",
                    "--bind",
                    f"{LOOPBACK}:{self.port}",
                    "--workers",
                    str(workers),
                    "--timeout",
                    "30",
                    "--error-logfile",
                    "-",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_for(
                lambda: (
                    self.process.poll() is not None or self.get("/healthz")[0] == 200
                ),
                timeout=60,
                what="gunicorn to answer /healthz",
                every=0.2,
            )
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log()}")
        except BaseException:
            self.stop()
            raise

    def get(self, path: str, cookie: str = "") -> tuple[int, str]:
        """GET `path`; the status and body, 0 when the server did not answer."""
        request = urllib.request.Request(self.base_url + path)  # noqa: S310 (http only)
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except (urllib.error.URLError, OSError) as error:
            return 0, str(error)

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return sorted(int(child) for child in children)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        stop_process(self.process)
