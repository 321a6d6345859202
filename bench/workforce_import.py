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
and two floors, which no import of this file through this command can beat:
  - start-up: the same command, dry run, on the header and first row alone (Python,
    Django, the connection and the reference lookups; one row read, none written);
  - the database write: a COPY of the very rows the import wrote (read back as COPY
    text beforehand) into the same table, constraints and indexes, at another date,
    committed; no Python per row.
The machine may be shared, so everything is timed in turn BENCH_ROUNDS times (default
3); the median ratio is the figure, printed with the load average and with the ratio
of the fastest import to the fastest csv read (the least disturbed rounds). Targets
(issue 7): at most 3x the csv-only read, under 1 GB. The import writes its snapshot at
2000-01-01, deleted (and the table vacuumed) after each round.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
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


COPY_COLUMNS = (
    "organisation_id, profession_id, grade_id, level_id, sex, ethnic_category_id, "
    "disability, headcount, snapshot_date"
)


def written_rows(day: dt.date, as_day: dt.date) -> io.StringIO:
    """The rows the import wrote at `day`, as COPY text dated `as_day`."""
    from django.db import connection

    table = WorkforceHeadcount._meta.db_table
    text = io.StringIO()
    with connection.cursor() as cursor:
        # Our own table and a date: nothing from outside (bandit B608).
        cursor.cursor.copy_expert(
            f"COPY (SELECT {COPY_COLUMNS.replace('snapshot_date', repr(str(as_day)))} "  # nosec B608
            f"FROM {table} WHERE snapshot_date = '{day}') TO STDOUT",
            text,
        )
    text.seek(0)
    return text


def database_floor(rows: io.StringIO, day: dt.date) -> float:
    """COPY the import's rows again (at `day`) and commit, timed; then remove them."""
    from django.db import connection, transaction

    table = WorkforceHeadcount._meta.db_table
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({COPY_COLUMNS}) FROM STDIN", rows)
    seconds = time.perf_counter() - start
    remove_snapshot(day)
    return seconds


def startup_floor(folder: str, extract: Path) -> float:
    """The command on the extract's header and first row alone, dry run: everything but
    reading and writing the rows, timed (a header-only file is refused as empty)."""
    one_row = Path(folder) / "one_row.csv"
    with extract.open(encoding="utf-8") as handle:
        one_row.write_text(handle.readline() + handle.readline(), encoding="utf-8")
    return import_in_subprocess(one_row, "--dry-run")[0]


def load() -> str:
    return "load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    remove_snapshot(BENCH_DATE)
    remove_snapshot(BENCH_DATE - dt.timedelta(days=1))
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
        floors: dict[str, list[float]] = {"csv": [], "start-up": [], "write": []}
        floor_day = BENCH_DATE - dt.timedelta(days=1)
        for n in range(1, rounds + 1):
            csv_s, counted = read_only(path)
            assert counted == rows
            import_s, peak_mb, output = import_in_subprocess(path)
            check_s, _, checked = import_in_subprocess(path, "--dry-run")
            copied = written_rows(BENCH_DATE, floor_day)
            removed = remove_snapshot(BENCH_DATE)
            write_s = database_floor(copied, floor_day)
            start_s = startup_floor(folder, path)
            ratios.append(import_s / csv_s)
            peaks.append(peak_mb)
            for name, value in zip(floors, (csv_s, start_s, write_s), strict=True):
                floors[name].append(value)
            if n == 1:
                print(f"  {checked}\n  {output}")
            print(
                f"round {n}: csv module alone {csv_s:5.2f} s; import_workforce "
                f"{import_s:5.2f} s, ratio {import_s / csv_s:4.2f}x, peak {peak_mb:.0f} "
                f"MB; --dry-run {check_s:5.2f} s ({check_s / csv_s:4.2f}x); wrote "
                f"{removed:,} rows; floors: start-up {start_s:4.2f} s, COPY of those "
                f"rows {write_s:4.2f} s; {load()}"
            )
        csv_m, start_m, write_m = (statistics.median(v) for v in floors.values())
        ratio = statistics.median(ratios)
        imports = [r * c for r, c in zip(ratios, floors["csv"], strict=True)]
        best = min(imports) / min(floors["csv"])
        print(
            f"csv module alone      {csv_m:6.2f} s (median)\n"
            f"start-up floor        {start_m:6.2f} s ({start_m / csv_m:.2f}x; the command "
            "on the header and one row, dry run)\n"
            f"database floor        {write_m:6.2f} s ({write_m / csv_m:.2f}x; COPY of the "
            "rows the import wrote, same table and indexes, no Python)\n"
            f"floors together       {start_m + write_m:6.2f} s "
            f"({(start_m + write_m) / csv_m:.2f}x, before a byte of the file is read)\n"
            f"import_workforce      {import_s:6.2f} s (last round; whole command, incl. "
            "Django start-up and the database write)\n"
            f"ratio                 {ratio:6.2f}x median of {rounds} rounds "
            f"(target <= 3x) {'OK' if ratio <= 3 else 'OVER TARGET'}\n"
            f"fastest against fastest {best:5.2f}x (each one's quickest round: the "
            "least disturbed by other load)\n"
            f"peak memory           {max(peaks):6.0f} MB of the import process "
            f"(target < 1024 MB) {'OK' if max(peaks) < 1024 else 'OVER TARGET'}"
        )


if __name__ == "__main__":
    main()
