"""Benchmark: seed the national demo into a fresh PostgreSQL database.

Run as `.venv/bin/python -m bench.seed_national`. Creates (and afterwards keeps) the
database cl_seed_bench on BENCH_PG (default postgres://postgres@127.0.0.1:5432), runs
migrate, load_reference and `seed_demo --scale national` in subprocesses, and prints the
seed's wall time and peak RSS beside the targets (10 minutes, 2 GB). The reference,
measured in the same run on the same server: a bare COPY of as many generated workforce
rows as the seed wrote, i.e. the floor for writing the largest table.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# BENCH_SEED_DATABASE names another database to (re)create, e.g. to leave a shared
# cl_seed_bench alone while others read it.
DATABASE = os.environ.get("BENCH_SEED_DATABASE", "cl_seed_bench")
TARGET_SECONDS = 600
TARGET_RSS_MB = 2048


def recreate_database() -> None:
    admin = psycopg2.connect(f"{SERVER}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    admin.close()


def manage(*args: str) -> tuple[float, str]:
    """Run a manage.py command against the bench database; return (seconds, stdout)."""
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{DATABASE}"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.monotonic() - started, done.stdout


def counts(cursor) -> dict[str, int]:
    tables = {
        "people": "leadership_person",
        "appointments": "leadership_appointment",
        "talent profiles": "talent_talentprofile",
        "workforce rows": "reports_workforceheadcount",
    }
    result = {}
    for label, table in tables.items():
        # Table names from the dict above (bandit B608).
        cursor.execute(f"SELECT count(*) FROM {table}")  # nosec B608
        result[label] = cursor.fetchone()[0]
    cursor.execute("SELECT coalesce(sum(headcount), 0) FROM reports_workforceheadcount")
    result["workforce staff"] = cursor.fetchone()[0]
    return result


def bare_copy_seconds(cursor, rows: int) -> float:
    """COPY `rows` generated workforce rows into a scratch copy of the table."""
    cursor.execute(
        "CREATE TEMP TABLE wf_copy (LIKE reports_workforceheadcount INCLUDING ALL)"
    )
    cursor.execute("SELECT min(id) FROM leadership_organisation")
    org = cursor.fetchone()[0]
    cursor.execute("SELECT min(id) FROM careers_profession")
    profession = cursor.fetchone()[0]
    cursor.execute("SELECT min(id) FROM careers_level")
    level = cursor.fetchone()[0]
    columns = (
        "organisation_id, snapshot_date, profession_id, level_id, sex, "
        "ethnic_category_id, disability, headcount"
    )
    started = time.monotonic()
    step = 100_000
    for offset in range(0, rows, step):
        buffer = io.StringIO()
        buffer.writelines(
            f"{org}\t2026-03-31\t{profession}\t{level}\tF\tA\tN\t{1 + i % 50}\n"
            for i in range(offset, min(rows, offset + step))
        )
        buffer.seek(0)
        cursor.copy_expert(f"COPY wf_copy ({columns}) FROM STDIN", buffer)
    return time.monotonic() - started


def main() -> None:
    recreate_database()
    setup = manage("migrate", "--noinput")[0] + manage("load_reference")[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seed_seconds, output = manage("seed_demo", "--scale", "national")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if peak_mb <= before / 1024:
        print("note: peak RSS may belong to migrate, not the seed")
    connection = psycopg2.connect(f"{SERVER}/{DATABASE}")
    with connection, connection.cursor() as cursor:
        rows = counts(cursor)
        copy_seconds = bare_copy_seconds(cursor, rows["workforce rows"])
    connection.close()

    print(f"seed_demo --scale national on PostgreSQL ({DATABASE}); setup {setup:.0f}s")
    print(f"{'measure':<34}{'measured':>12}{'target':>12}")
    print(f"{'wall time (s)':<34}{seed_seconds:>12.1f}{TARGET_SECONDS:>12}")
    print(f"{'peak RSS (MB)':<34}{peak_mb:>12.0f}{TARGET_RSS_MB:>12}")
    print(
        f"{'reference: bare COPY of rows (s)':<34}{copy_seconds:>12.1f}"
        f"{'':>12}  ({rows['workforce rows']} workforce rows)"
    )
    print("stages of the seed (the workforce stage writes the rows COPY wrote):")
    for line in output.splitlines():
        print(f"  {line}")
    for label, value in rows.items():
        print(f"{label:<34}{value:>12}")
    ok = seed_seconds <= TARGET_SECONDS and peak_mb <= TARGET_RSS_MB
    print("within targets" if ok else "OUTSIDE TARGETS")


if __name__ == "__main__":
    main()
