"""Benchmark: importing a 1.5-million-row ESR-shaped extract, beside csv alone.

Run as `.venv/bin/python -m bench.workforce_import` on a database holding the national
demo (BENCH_REPORTS_DATABASE_URL, default clp_reports_bench). It writes the national
workforce snapshot out as one row per member of staff (about 1.5 million rows) to a
temporary file, then times, in the same run:
  - the reference: reading that file with Python's csv module alone (csv.reader over
    the open file, nothing done per row);
  - `manage.py import_workforce FILE --date 2000-01-01` in a subprocess (the whole
    command: start-up, count, checks and the database write), whose peak memory is
    that process's own maximum resident set, from wait4;
  - `import_workforce FILE --dry-run`: the same count and checks, no write;
  - the database floor: one INSERT ... SELECT writing as many rows as the import writes
    (same table, constraints and indexes), with no Python at all.
The machine may be shared, so the reference and the import are timed in turn
BENCH_ROUNDS times (default 3) and the median ratio is the figure; the load average
is printed with it. Targets (issue 7): at most 3x the csv-only read, under 1 GB. The
import writes its snapshot at 2000-01-01, deleted (and the table vacuumed) after each
round.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import statistics
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
    """The reference: the csv module alone reading the whole file."""
    start = time.perf_counter()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in csv.reader(handle))
    return time.perf_counter() - start, rows - 1


def import_in_subprocess(path: Path, *extra: str) -> tuple[float, float, str]:
    """Run the command; its seconds, its own peak resident memory (MB) and output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "manage.py", "import_workforce", str(path), "--date",
             BENCH_DATE.isoformat(), *extra],
            stdout=out, stderr=err, env=os.environ.copy(), text=True,
        )  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"import failed:\n{out.read()}\n{err.read()[-3000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read().strip()


def remove_snapshot(day: dt.date) -> int:
    """Delete a benchmark snapshot and vacuum, so every round starts from the same table."""
    from django.db import connection

    deleted, _ = WorkforceHeadcount.objects.filter(snapshot_date=day).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {WorkforceHeadcount._meta.db_table}")
    return deleted


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
        # Our own table and column names (bandit B608); values are parameters.
        cursor.execute(
            f"INSERT INTO {table} (snapshot_date, {columns}) "  # nosec B608
            f"SELECT %s, {columns} FROM {table} WHERE snapshot_date = %s",
            [BENCH_DATE - dt.timedelta(days=1), latest],
        )
    seconds = time.perf_counter() - start
    remove_snapshot(BENCH_DATE - dt.timedelta(days=1))
    return seconds


def load() -> str:
    return "load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    remove_snapshot(BENCH_DATE)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "esr_extract.csv"
        start = time.perf_counter()
        rows = write_extract(path)
        size_mb = path.stat().st_size / 1e6
        print(
            f"extract: {rows:,} rows, {size_mb:.0f} MB, "
            f"written in {time.perf_counter() - start:.1f}s; {load()}"
        )
        ratios: list[float] = []
        peaks: list[float] = []
        for n in range(1, rounds + 1):
            csv_s, counted = read_only(path)
            assert counted == rows
            import_s, peak_mb, output = import_in_subprocess(path)
            check_s, _, checked = import_in_subprocess(path, "--dry-run")
            removed = remove_snapshot(BENCH_DATE)
            ratios.append(import_s / csv_s)
            peaks.append(peak_mb)
            if n == 1:
                print(f"  {checked}\n  {output}")
            print(
                f"round {n}: csv module alone {csv_s:5.2f} s; import_workforce "
                f"{import_s:5.2f} s, ratio {import_s / csv_s:4.2f}x, peak {peak_mb:.0f} "
                f"MB; --dry-run {check_s:5.2f} s ({check_s / csv_s:4.2f}x); wrote "
                f"{removed:,} rows; {load()}"
            )
        floor_s = database_floor()
        print(
            f"database floor        {floor_s:6.2f} s (INSERT ... SELECT of the same "
            f"number of rows, same table, no Python; {floor_s / csv_s:.2f}x the last "
            "csv read)"
        )
        ratio = statistics.median(ratios)
        print(
            f"csv module alone      {csv_s:6.2f} s (last round)\n"
            f"import_workforce      {import_s:6.2f} s (last round; whole command, incl. "
            "Django start-up and the database write)\n"
            f"ratio                 {ratio:6.2f}x median of {rounds} rounds "
            f"(target <= 3x) {'OK' if ratio <= 3 else 'OVER TARGET'}\n"
            f"peak memory           {max(peaks):6.0f} MB of the import process "
            f"(target < 1024 MB) {'OK' if max(peaks) < 1024 else 'OVER TARGET'}"
        )


if __name__ == "__main__":
    main()
