"""Load test: 50 users in a mix of the roles' pages and API calls for 60 seconds, with
locust (headless) against gunicorn (4 workers, production settings) on the national data.

Run as `.venv/bin/python -m bench.load` (`make load`) after bench.seed_national. Reads
BENCH_DATABASE_URL (default cl_seed_bench; the run writes only sessions and last-login
times) and BENCH_REDIS_URL. Signs the demo users in here (one session per simulated
user), picks real ids for the detail pages, writes that plan to a temporary file for
bench/locustfile.py, runs locust against the loopback server and prints the figures:
requests, p50, p95, requests/s and failures, overall and by role, beside the load
average. Exits non-zero on any failed request. LOAD_USERS, LOAD_SECONDS and
LOAD_SPAWN_RATE change the shape; think time is in the locustfile.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.server import ROOT, configure, ensure_reports, load_average, serve

USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "10"))
ROLES = {
    "clinician": "clinician@demo.nhs.uk",
    "talent_lead": "talent.lead@demo.nhs.uk",
    "board_member": "board.member@demo.nhs.uk",
    "national_admin": "national.admin@demo.nhs.uk",
}


def plan() -> dict[str, object]:
    """Sessions for every simulated user of each role, and ids the pages need."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from careers.models import Profession, Role
    from leadership.models import Organisation, Person
    from regulation.models import GuidanceArticle, Regulator
    from talent.models import TalentProfile

    sessions: dict[str, list[str]] = {}
    for role, email in ROLES.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            raise SystemExit(f"No {email}: seed the national demo first (make bench).")
        sessions[role] = []
        for _ in range(USERS):  # at most every simulated user in one role
            client = Client()
            client.force_login(user)
            sessions[role].append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    lead = User.objects.get(email=ROLES["talent_lead"])
    trust = lead.memberships.select_related("organisation")[0].organisation
    ensure_reports(trust.ods_code)
    roles = dict(Role.objects.values_list("code", "pk"))
    return {
        "sessions": sessions,
        "trust": trust.ods_code,
        "organisations": list(
            Organisation.objects.filter(path__startswith=trust.path[:-4])
            .order_by("ods_code")
            .values_list("ods_code", flat=True)[:20]
        ),
        "profiles": list(
            TalentProfile.objects.filter(organisation=trust)
            .order_by("pk")
            .values_list("pk", flat=True)[:100]
        ),
        "leaders": list(
            Person.objects.filter(is_leader=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:200]
        ),
        "nursing": Profession.objects.get(code="nursing").pk,
        "roles": {
            code: roles[code]
            for code in (
                "staff-nurse",
                "director-of-nursing",
                "chief-executive",
                "chief-operating-officer",
            )
        },
        "regulators": list(Regulator.objects.values_list("code", flat=True)),
        "articles": list(
            GuidanceArticle.objects.values_list("slug", flat=True).order_by("slug")[:20]
        ),
    }


def summarise(prefix: Path) -> int:
    """Print the figures from locust's CSV; return the number of failures."""
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(
        f"{'request':44} {'count':>6} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6}"
    )
    failures = 0
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        if row["Name"] == "Aggregated":
            failures = int(row["Failure Count"])
            print("-" * 80)
        print(
            f"{name[:44]:44} {row['Request Count']:>6} {row['Failure Count']:>5} "
            f"{row['50%']:>7} {row['95%']:>7} {float(row['Requests/s']):6.1f}"
        )
    with open(f"{prefix}_failures.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            print(f"FAILED {row['Occurrences']}x {row['Name']}: {row['Error']}")
    return failures


def main() -> None:
    configure()
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as folder:
        plan_file = Path(folder) / "plan.json"
        plan_file.write_text(json.dumps(plan()))
        prefix = Path(folder) / "locust"
        with serve() as base:
            print(
                f"locust: {USERS} users (spawn {SPAWN_RATE:g}/s) for {SECONDS} s against "
                f"gunicorn 4 workers at {base}; load average before: {load_average()}",
                flush=True,
            )
            env = {**os.environ, "CLP_LOAD_PLAN": str(plan_file)}
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--host",
                    base,
                    "--users",
                    str(USERS),
                    "--spawn-rate",
                    str(SPAWN_RATE),
                    "--run-time",
                    f"{SECONDS}s",
                    "--stop-timeout",
                    "10",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                timeout=SECONDS + 120,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
            after = load_average()
        failures = summarise(prefix)
    print(f"load average after: {after}")
    if done.returncode not in (0, 1):
        print(done.stderr[-3000:])
    if failures or done.returncode not in (0, 1):
        raise SystemExit(f"failed requests: {failures}; locust exit {done.returncode}")
    print("no failed requests")


if __name__ == "__main__":
    main()
