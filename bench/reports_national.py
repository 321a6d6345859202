"""Benchmark: national ceiling and board-diversity reports against one hand-written SQL.

Run as `.venv/bin/python -m bench.reports_national` on a database holding the national
demo (`seed_demo --scale national`; BENCH_REPORTS_DATABASE_URL, default
clp_reports_bench). Each report's builder (the code the Celery task runs) is timed
beside one hand-written SQL statement computing the same figures on the same database,
median of 7 runs after 2 warm-ups; target (issue 6): builder within 2x of the SQL. The
SQL's figures are checked against the builder's, so the two do the same work. Then the
dashboards, which read stored results, are timed through Django's test client (60
requests after 5 warm-ups) beside /healthz; target p95 under 100 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_REPORTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clp_reports_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from leadership.models import Organisation  # noqa: E402
from reports import runs  # noqa: E402
from reports.builders import BUILDERS  # noqa: E402
from reports.models import ReportKind  # noqa: E402
from reports.tasks import run_report  # noqa: E402

AS_OF = dt.date(2026, 6, 1)
REPEATS, WARMUP = 7, 2

LATEST = """
latest AS (
  SELECT w.organisation_id, MAX(w.snapshot_date) AS day
  FROM reports_workforceheadcount w
  JOIN leadership_organisation o ON o.id = w.organisation_id
  WHERE o.path LIKE %(path)s AND w.snapshot_date <= %(as_of)s
  GROUP BY w.organisation_id
),
workforce AS (
  SELECT w.* FROM reports_workforceheadcount w
  JOIN latest ON latest.organisation_id = w.organisation_id
   AND latest.day = w.snapshot_date
),
seats AS (
  SELECT a.*, p.profession_id, p.sex, p.disability, e.wres_group, pr.is_clinical,
         pr."group" AS profession_group, r.code AS role_code, l.rank, l.is_board
  FROM leadership_appointment a
  JOIN leadership_organisation o ON o.id = a.organisation_id
  JOIN leadership_person p ON p.id = a.person_id
  JOIN careers_profession pr ON pr.id = p.profession_id
  JOIN careers_level l ON l.id = a.level_id
  LEFT JOIN careers_role r ON r.id = a.role_id
  LEFT JOIN leadership_ethniccategory e ON e.code = p.ethnic_category_id
  WHERE a.board_seat <> '' AND a.start_date <= %(as_of)s
    AND (a.end_date IS NULL OR a.end_date >= %(as_of)s) AND o.path LIKE %(path)s
)"""

# Only constant SQL fragments are joined in (bandit B608); values are parameters.
CEILING_SQL = f"""
WITH {LATEST}
SELECT 'staff', w.profession_id, l.rank, SUM(w.headcount)::int
FROM workforce w JOIN careers_level l ON l.id = w.level_id
WHERE NOT l.is_board GROUP BY w.profession_id, l.rank
UNION ALL
SELECT 'executive', profession_id, rank, COUNT(*)::int FROM seats
WHERE board_seat = 'executive' AND is_board GROUP BY profession_id, rank
UNION ALL
SELECT 'board', profession_id, NULL, COUNT(*)::int FROM seats GROUP BY profession_id
"""  # nosec B608


def _demographic_counts() -> str:
    dims = {
        "sex": ("sex", {"F": "'F'", "M": "'M'"}),
        "ethnicity": ("wres_group", {"bme": "'bme'", "white": "'white'"}),
        "disability": ("disability", {"Y": "'Y'", "N": "'N'"}),
    }
    pops = {"all": "TRUE", "voting": "is_voting", "executive": "board_seat='executive'"}
    parts = []
    for name, (column, groups) in dims.items():
        declared = ", ".join(groups.values())
        for group, value in [*groups.items(), ("not_declared", None)]:
            cond = (
                f"{column} = {value}"
                if value
                else f"({column} IS NULL OR {column} NOT IN ({declared}))"
            )
            for pop, pop_cond in pops.items():
                parts.append(
                    f"'{name}:{group}:{pop}', COUNT(*) FILTER (WHERE {cond} AND {pop_cond})"
                )
    return ",\n    ".join(parts)


# Only constant SQL fragments are joined in (bandit B608); values are parameters.
BOARD_SQL = f"""
WITH {LATEST},
wf AS (
  SELECT SUM(w.headcount) AS total,
    SUM(w.headcount) FILTER (WHERE w.sex = 'F') AS women,
    SUM(w.headcount) FILTER (WHERE w.sex IN ('F', 'M')) AS sex_declared,
    SUM(w.headcount) FILTER (WHERE e.wres_group = 'bme') AS bme,
    SUM(w.headcount) FILTER (WHERE e.wres_group IN ('bme', 'white')) AS eth_declared,
    SUM(w.headcount) FILTER (WHERE w.disability = 'Y') AS disabled,
    SUM(w.headcount) FILTER (WHERE w.disability IN ('Y', 'N')) AS dis_declared
  FROM workforce w JOIN leadership_ethniccategory e ON e.code = w.ethnic_category_id
),
agg AS (
  SELECT json_build_object(
    'total', COUNT(*), 'executive', COUNT(*) FILTER (WHERE board_seat = 'executive'),
    'voting', COUNT(*) FILTER (WHERE is_voting),
    'clinical', COUNT(*) FILTER (WHERE is_clinical),
    'temporary', COUNT(*) FILTER (WHERE contract_type IN ('interim', 'fixed_term')),
    'tenure_mean', AVG(%(as_of)s::date - start_date),
    'tenure_median', PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %(as_of)s::date - start_date),
    'ceo_total', COUNT(*) FILTER (WHERE role_code = 'chief-executive'),
    'ceo_women', COUNT(*) FILTER (WHERE role_code = 'chief-executive' AND sex = 'F'),
    'ceo_bme', COUNT(*) FILTER (WHERE role_code = 'chief-executive' AND wres_group = 'bme'),
    {_demographic_counts()}
  ) AS figures FROM seats
),
professions AS (
  SELECT json_object_agg(profession_id, n) AS by_profession FROM (
    SELECT profession_id, COUNT(*) AS n FROM seats GROUP BY profession_id) x
),
absent AS (
  SELECT json_object_agg(g, boards) AS boards_with FROM (
    SELECT profession_group AS g, COUNT(DISTINCT organisation_id) AS boards
    FROM seats GROUP BY profession_group) x
),
ceo_posts AS (
  SELECT a.person_id, a.start_date, a.end_date FROM leadership_appointment a
  JOIN careers_role r ON r.id = a.role_id
  JOIN leadership_organisation o ON o.id = a.organisation_id
  WHERE r.code = 'chief-executive' AND a.start_date <= %(as_of)s AND o.path LIKE %(path)s
),
ceo AS (
  SELECT json_build_object(
    'people', (SELECT COUNT(DISTINCT person_id) FROM ceo_posts
               WHERE end_date IS NULL OR end_date >= %(as_of)s),
    'by_group', (SELECT json_object_agg(g, n) FROM (
        SELECT pr."group" AS g, COUNT(DISTINCT c.person_id) AS n FROM ceo_posts c
        JOIN leadership_person p ON p.id = c.person_id
        JOIN careers_profession pr ON pr.id = p.profession_id
        WHERE (c.end_date IS NULL OR c.end_date >= %(as_of)s) AND pr.is_clinical
        GROUP BY pr."group") x),
    'tenure_mean', (SELECT AVG(LEAST(COALESCE(end_date, %(as_of)s), %(as_of)s) - start_date)
                    FROM ceo_posts),
    'completed_mean', (SELECT AVG(end_date - start_date) FROM ceo_posts
                       WHERE end_date < %(as_of)s)
  ) AS figures
)
SELECT row_to_json(wf), agg.figures, professions.by_profession, absent.boards_with,
       ceo.figures
FROM wf, agg, professions, absent, ceo
"""  # nosec B608


def median_ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    for _ in range(WARMUP):
        out = fn()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        out = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), out


def run_sql(sql: str, scope: Organisation) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"path": scope.path + "%", "as_of": AS_OF})
        return cursor.fetchall()


def build(kind: str, scope: Organisation) -> dict[str, Any]:
    return BUILDERS[kind](scope=scope, as_of=AS_OF, progress=lambda p, s: None)


def check_ceiling(result: dict[str, Any], rows: list[tuple]) -> None:
    sql_staff = sum(n for kind, _, _, n in rows if kind in ("staff", "executive"))
    built = sum(sum(p["cells"]) for p in result["professions"])
    sql_board = sum(n for kind, _, _, n in rows if kind == "board")
    assert built == sql_staff, (built, sql_staff)
    assert sum(p["board"] for p in result["professions"]) == sql_board


def check_board(result: dict[str, Any], row: tuple) -> None:
    wf, figures, _, _, ceo = row
    assert wf["total"] == result["workforce_total"], (
        wf["total"],
        result["workforce_total"],
    )
    assert figures["total"] == result["seats"]["total"]
    assert (
        figures["sex:F:voting"] == result["demographics"]["sex"]["board"]["voting"]["F"]
    )
    assert ceo["people"] == result["chief_executives"]["people"]


def time_dashboards() -> None:
    admin = User.objects.filter(email="national.admin@demo.nhs.uk").first()
    if admin is None:
        print("dashboards: no national admin demo user; skipped")
        return
    settings.ALLOWED_HOSTS = ["*"]
    for code in ("ENG", "R0A"):
        scope = Organisation.objects.get(ods_code=code)
        for kind in (ReportKind.CEILING, ReportKind.BOARD_DIVERSITY):
            run = runs.report_run_request(kind=kind, organisation=scope, as_of=AS_OF)
            run_report(run.pk)
    client = Client()
    client.force_login(admin)
    for url in ("/healthz", "/reports/ENG/", "/reports/R0A/"):
        samples = []
        for i in range(65):
            start = time.perf_counter()
            response = client.get(url)
            if i >= 5:
                samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        samples.sort()
        p95 = samples[int(0.95 * len(samples)) - 1]
        print(
            f"  {url:<16} p50 {statistics.median(samples):6.1f} ms  p95 {p95:6.1f} ms"
        )


def main() -> None:
    nation = Organisation.objects.get(ods_code="ENG")
    print(
        f"database {connection.settings_dict['NAME']}, scope {nation.ods_code}, {AS_OF}"
    )
    for kind, sql, check in (
        (ReportKind.CEILING, CEILING_SQL, check_ceiling),
        (
            ReportKind.BOARD_DIVERSITY,
            BOARD_SQL,
            lambda r, rows: check_board(r, rows[0]),
        ),
    ):
        built_ms, result = median_ms(lambda k=kind: build(k, nation))
        sql_ms, rows = median_ms(lambda s=sql: run_sql(s, nation))
        check(result, rows)
        ratio = built_ms / sql_ms
        verdict = "OK" if ratio <= 2 else "OVER TARGET"
        print(
            f"{kind:<16} builder {built_ms:7.1f} ms   one SQL query {sql_ms:7.1f} ms   "
            f"ratio {ratio:4.2f}x (target <= 2x) {verdict}"
        )
    print("dashboards (stored results, national admin; target p95 < 100 ms):")
    time_dashboards()


if __name__ == "__main__":
    main()
