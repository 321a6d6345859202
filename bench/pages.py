"""Shared harness for the page benchmarks: set Django up for a seeded database and time
a page in-process through the test client, beside the queries it runs.

Queries are counted with `connection.execute_wrapper`, not the debug query log, which
stops recording after 9,000 entries on a long-lived connection.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

REPEATS, WARMUP = 60, 5


def setup(default_database: str) -> None:
    """Point Django at BENCH_DATABASE_URL (or the default) and set it up; call before
    importing any model."""
    os.environ.setdefault(
        "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", default_database)
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]


def time_page(client: Any, url: str) -> tuple[float, float, int]:
    """Return (p50 ms, p95 ms, queries per request) for `url`, after warm-ups."""
    from django.db import connection

    for _ in range(WARMUP):
        client.get(url)
    executed: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return (
        statistics.median(samples),
        samples[int(0.95 * len(samples)) - 1],
        len(executed),
    )
