"""Benchmark: importing a 1.5-million-row ESR-shaped extract, beside csv alone.

Run as `.venv/bin/python -m bench.workforce_import` on a database holding the national
demo (BENCH_REPORTS_DATABASE_URL, default clp_reports_bench). It writes the national
workforce snapshot out as one row per member of staff (about 1.5 million rows) to a
temporary file, then times, in the same run:
  - the reference: reading that file with Python's csv module alone (no work per row);
  - `manage.py import_workforce FILE --date 2000-01-01` in a subprocess, whose peak
    memory is read from the operating system.
  - `import_workforce FILE --dry-run`: the same streaming count and checks, no write;
  - the database floor: one INSERT ... SELECT writing as many rows as the import writes
    (same table, constraints and indexes), with no Python at all.
Targets (issue 6): under 60 s and under 1 GB; at most 3x the csv-only read. The import
writes its snapshot at 2000-01-01, which is deleted afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_REPORTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clp_reports_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

from django.db.models import Max  # noqa: E402

from reports.models import WorkforceHeadcount  # noqa: E402

BENCH_DATE = dt.date(2000, 1, 1)
HEADER = ["organisation", "profession", "grade", "sex", "ethnic_category", "disability"]


def write_extract(path: Path) -> int:
    """One row per member of staff of the latest national snapshot, streamed out."""
    latest = WorkforceHeadcount.objects.aggregate(d=Max("snapshot_date"))["d"]
    cells = (
        WorkforceHeadcount.objects.filter(snapshot_date=latest, grade__isnull=False)
        .values_list(
            "organisation__ods_code",
            "profession__code",
            "grade__code",
            "sex",
            "ethnic_category_id",
            "disability",
            "headcount",
        )
        .order_by("organisation_id", "id")
        .iterator(chunk_size=20_000)
    )
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for *values, n in cells:
            writer.writerows([values] * n)
            rows += n
    return rows


def read_only(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in csv.reader(handle))
    return time.perf_counter() - start, rows - 1


def import_in_subprocess(path: Path, *extra: str) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", "import_workforce", str(path), "--date",
         BENCH_DATE.isoformat(), *extra],
        capture_output=True, text=True, env=os.environ.copy(), check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode:
        raise SystemExit(f"import failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    assert peak_mb >= before / 1024
    return seconds, peak_mb, done.stdout.strip()


def database_floor() -> float:
    """Write the latest snapshot's rows again at another date in SQL alone, timed."""
    from django.db import connection, transaction

    latest = WorkforceHeadcount.objects.aggregate(d=Max("snapshot_date"))["d"]
    table = WorkforceHeadcount._meta.db_table
    columns = (
        "organisation_id, profession_id, grade_id, level_id, sex, ethnic_category_id, "
        "disability, headcount"
    )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"INSERT INTO {table} (snapshot_date, {columns}) "
            f"SELECT %s, {columns} FROM {table} WHERE snapshot_date = %s",
            [BENCH_DATE - dt.timedelta(days=1), latest],
        )
    seconds = time.perf_counter() - start
    WorkforceHeadcount.objects.filter(
        snapshot_date=BENCH_DATE - dt.timedelta(days=1)
    ).delete()
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "esr_extract.csv"
        start = time.perf_counter()
        rows = write_extract(path)
        size_mb = path.stat().st_size / 1e6
        print(
            f"extract: {rows:,} rows, {size_mb:.0f} MB, "
            f"written in {time.perf_counter() - start:.1f}s"
        )
        csv_s, counted = read_only(path)
        assert counted == rows
        check_s, _, checked = import_in_subprocess(path, "--dry-run")
        import_s, peak_mb, output = import_in_subprocess(path)
        print(f"  {checked}\n  {output}")
        floor_s = database_floor()
        ratio = import_s / csv_s
        print(f"csv module alone      {csv_s:6.2f} s")
        print(
            f"import --dry-run      {check_s:6.2f} s (stream, count, check; no write)  "
            f"ratio {check_s / csv_s:.2f}x"
        )
        print(
            f"database floor        {floor_s:6.2f} s (INSERT ... SELECT of the same "
            "number of rows, no Python)"
        )
        print(
            f"import_workforce      {import_s:6.2f} s (whole command, incl. Django "
            f"start-up and the database write)  ratio {ratio:.2f}x (target <= 3x) "
            f"{'OK' if ratio <= 3 else 'OVER TARGET'}"
        )
        print(
            f"peak memory of the import process {peak_mb:.0f} MB (target < 1024 MB); "
            f"{'OK' if import_s < 60 and peak_mb < 1024 else 'OVER TARGET'} for < 60 s"
        )
    deleted, _ = WorkforceHeadcount.objects.filter(snapshot_date=BENCH_DATE).delete()
    print(f"removed the benchmark snapshot ({deleted} rows)")


if __name__ == "__main__":
    main()
