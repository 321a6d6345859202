"""Benchmark: careers pages (pathway, role, compare, checker, route finding) on the
national demo data, against a bare Django view.

Run as `.venv/bin/python -m bench.careers_pages` against a database that has had
`migrate`, `load_reference` and `seed_demo --scale national` (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/clp_careers). Each page is requested in-process through
Django's test client, as the demo clinician, 60 times after 5 warm-ups; the reference is
/healthz, timed the same way in the same run. Target (issue 5): p95 under 100 ms.
"""

from __future__ import annotations

import datetime as dt

from bench.pages import setup, time_page

setup("postgres://postgres@127.0.0.1:5432/clp_careers")

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from careers.models import Profession, Role  # noqa: E402
from leadership.models import Appointment  # noqa: E402

TARGET_MS = 100.0


def main() -> None:
    user = User.objects.filter(email="clinician@demo.nhs.uk").first()
    if user is None or not Appointment.objects.exists():
        raise SystemExit("No demo data: run load_reference and seed_demo first.")
    client = Client()
    client.force_login(user)
    nurse = Profession.objects.get(code="nursing").pk
    role = {r.code: r.pk for r in Role.objects.all()}
    due = (dt.date.today() + dt.timedelta(days=200)).isoformat()
    pages = {
        "reference: /healthz (bare view)": "/healthz",
        "pathway (nurses, diagram)": "/careers/pathways/nurses/",
        "pathway (AHPs, diagram)": "/careers/pathways/ahps/",
        "role (director of nursing)": "/careers/roles/director-of-nursing/",
        "compare (3 roles, holders today)": (
            "/careers/compare/?role=director-of-nursing&role=chief-executive"
            f"&role=chief-operating-officer&profession={nurse}"
        ),
        "checker (nurse, director of nursing)": (
            f"/careers/keep-my-registration/?profession={nurse}"
            f"&planned_role={role['director-of-nursing']}&keeps_clinical=no"
            f"&clinical_sessions=&revalidation_due={due}"
        ),
        "plan: route finding (staff nurse to CEO)": (
            f"/careers/plan/?profession={nurse}&current_role={role['staff-nurse']}"
            f"&target_role={role['chief-executive']}"
        ),
        "observed routes (chief executive)": "/careers/roles/chief-executive/routes/",
    }
    print(f"appointments: {Appointment.objects.count():,}")
    print(
        f"{'page':44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  target p95 < {TARGET_MS:.0f} ms"
    )
    for name, url in pages.items():
        p50, p95, queries = time_page(client, url)
        verdict = (
            ""
            if name.startswith("reference") or name.startswith("observed")
            else ("ok" if p95 < TARGET_MS else "SLOW")
        )
        print(f"{name:44} {p50:8.1f} {p95:8.1f} {queries:8d}  {verdict}")


if __name__ == "__main__":
    main()
