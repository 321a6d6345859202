"""Benchmark: throughput of each role's main page against a bare Django view, served by
gunicorn (4 workers, production settings) on the national demo data.

Run as `.venv/bin/python -m bench.throughput` (`make throughput`) after
bench.seed_national; reads BENCH_DATABASE_URL (default cl_seed_bench; nothing is written
but sessions and the users' last-login time) and BENCH_REDIS_URL. Each URL is hammered by
CONCURRENCY client threads for SECONDS, for ROUNDS rounds taken in turn; the figure is
the median round's requests/s (each settable as BENCH_THROUGHPUT_*; set
BENCH_THROUGHPUT_FLOORS_ONLY=1 to measure only the floors, e.g. beside
BENCH_SESSION_ENGINE to try another session engine).
The reference is /bench/bare/, a view that does nothing, on the same server in the same
run: each page's slice follows a slice of the bare view, and its share is the median of
those pairs, so a neighbour's burst of load falls on both sides of a pair.
Target (issue 7): each main page at least 40% of the bare view's requests/s.

Two floors explain the gap: /bench/session/ reads the session and the user (what every
signed-in page must), /bench/layout/ renders only the base layout for that user.
The client is raw sockets (gunicorn's sync workers close each connection), so it costs
far less per request than the cheapest view it measures.
"""

from __future__ import annotations

import os
import socket
import statistics
import threading
import time

from bench.server import (
    LOOPBACK,
    configure,
    ensure_reports,
    load_average,
    serve,
    sessions,
)

SECONDS = float(os.environ.get("BENCH_THROUGHPUT_SECONDS", "1.5"))
ROUNDS = int(os.environ.get("BENCH_THROUGHPUT_ROUNDS", "5"))
CONCURRENCY = int(os.environ.get("BENCH_THROUGHPUT_CONCURRENCY", "8"))
FLOORS_ONLY = os.environ.get("BENCH_THROUGHPUT_FLOORS_ONLY", "") == "1"
TARGET = 0.40

CLINICIAN = "clinician@demo.nhs.uk"
TALENT_LEAD = "talent.lead@demo.nhs.uk"
BOARD = "board.member@demo.nhs.uk"
ADMIN = "national.admin@demo.nhs.uk"
EDITOR = "content.editor@demo.nhs.uk"


def pages(board_org: str) -> list[tuple[str, str, str]]:
    """(label, signed-in user, path): the floors, then one main page per role."""
    return [
        ("reference: bare view", CLINICIAN, "/bench/bare/"),
        ("floor: session + user", CLINICIAN, "/bench/session/"),
        ("floor: base layout", CLINICIAN, "/bench/layout/"),
        ("home (every role lands here)", CLINICIAN, "/"),
        ("clinician: nurses' pathway", CLINICIAN, "/careers/pathways/nurses/"),
        ("talent lead: talent dashboard", TALENT_LEAD, "/talent/"),
        ("board member: report dashboard", BOARD, f"/reports/{board_org}/"),
        ("national admin: leaders directory", ADMIN, "/leaders/"),
        ("content editor: advice queue", EDITOR, "/careers/advice/queue/"),
        ("API: leaders list (national admin)", ADMIN, "/api/leadership/leaders/"),
    ]


def hammer(port: int, path: str, cookie: str, seconds: float) -> tuple[int, int]:
    """Request `path` from CONCURRENCY threads for `seconds`; return (ok, failed)."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nCookie: sessionid={cookie}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    counts = [0, 0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        ok = failed = 0
        while time.monotonic() < deadline:
            with socket.create_connection((LOOPBACK, port), timeout=30) as sock:
                sock.sendall(request)
                head = sock.recv(65536)
                while sock.recv(65536):
                    pass
            if head.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")):
                ok += 1
            else:
                failed += 1
        with lock:
            counts[0] += ok
            counts[1] += failed

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts[0], counts[1]


def main() -> None:
    configure()
    import django

    django.setup()
    from accounts.models import User

    board_user = User.objects.filter(email=BOARD).first()
    if board_user is None:
        raise SystemExit("No demo users: seed the national demo first (make bench).")
    board_org = board_user.memberships.select_related("organisation")[0].organisation
    ensure_reports(board_org.ods_code)
    urls = pages(board_org.ods_code)
    if FLOORS_ONLY:
        urls = [u for u in urls if u[0].startswith(("reference", "floor"))]
    cookies = sessions(sorted({email for _, email, _ in urls}))
    bare_label, bare_email, bare_path = urls[0]
    rates: dict[str, list[float]] = {label: [] for label, _, _ in urls}
    shares: dict[str, list[float]] = {label: [] for label, _, _ in urls}
    failures = 0
    with serve() as base:
        port = int(base.rsplit(":", 1)[1])
        for _, email, path in urls:  # warm each page's code and caches once
            hammer(port, path, cookies[email], 0.5)
        print(
            f"gunicorn 4 workers, {CONCURRENCY} client threads, {ROUNDS} rounds of "
            f"{SECONDS:g} s per URL, each right after {SECONDS:g} s of the bare view; "
            f"load average before: {load_average()}"
        )
        for _ in range(ROUNDS):
            for label, email, path in urls[1:]:
                bare_ok, bare_failed = hammer(
                    port, bare_path, cookies[bare_email], SECONDS
                )
                ok, failed = hammer(port, path, cookies[email], SECONDS)
                failures += bare_failed + failed
                rates[bare_label].append(bare_ok / SECONDS)
                rates[label].append(ok / SECONDS)
                shares[label].append(ok / bare_ok if bare_ok else 0.0)
    median = statistics.median
    print(f"{'page':38} {'req/s':>8} {'bare req/s':>11} {'% of bare':>10}  target 40%")
    print(f"{bare_label:38} {median(rates[bare_label]):8.0f}")
    for label, _, _ in urls[1:]:
        share = median(shares[label])
        verdict = (
            "" if label.startswith("floor") else ("ok" if share >= TARGET else "below")
        )
        print(
            f"{label:38} {median(rates[label]):8.0f} "
            f"{median(rates[bare_label]):11.0f} {share:9.1%}  {verdict}"
        )
    print(
        "(% of bare: the median over rounds of each page's rate over the bare view's "
        "just before it)"
    )
    print(f"failed requests: {failures}; load average after: {load_average()}")
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
