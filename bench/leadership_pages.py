"""Benchmark: leadership pages on the national demo data, against a bare Django view.

Run as `.venv/bin/python -m bench.leadership_pages` after `bench.seed_national` (it reads
the database that benchmark leaves, cl_seed_bench, or BENCH_DATABASE_URL). Each page is
requested in-process through Django's test client, as a signed-in national admin, 60
times after 5 warm-ups; the reference is /healthz, a view that does no work, timed the
same way in the same run. Target (issue 3): p95 under 150 ms for each page.
"""

from __future__ import annotations

from bench.pages import setup, time_page

setup("postgres://postgres@127.0.0.1:5432/cl_seed_bench")

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from careers.models import Role  # noqa: E402
from leadership.models import Appointment  # noqa: E402

TARGET_MS = 150.0


def main() -> None:
    admin = User.objects.filter(email="national.admin@demo.nhs.uk").first()
    if admin is None or not Appointment.objects.exists():
        raise SystemExit(
            "No national demo data: run `python -m bench.seed_national` first."
        )
    client = Client()
    client.force_login(admin)
    ceo = (
        Appointment.objects.filter(role__code="chief-executive", end_date__isnull=True)
        .select_related("organisation")
        .first()
    )
    role = Role.objects.get(code="chief-executive")
    pages = {
        "reference: /healthz (bare view)": "/healthz",
        "directory": "/leaders/",
        "directory filtered (current CEOs, clinical)": (
            "/leaders/?role=chief-executive&status=current&background=clinical"
        ),
        "leader page": f"/leaders/{ceo.person_id}/",
        "board page": f"/organisations/{ceo.organisation.ods_code}/board/",
        "statistics page": f"/leaders/statistics/?stat_role={role.code}",
    }
    print(f"appointments: {Appointment.objects.count():,}")
    print(
        f"{'page':48} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  target p95 < {TARGET_MS:.0f} ms"
    )
    for name, url in pages.items():
        p50, p95, queries = time_page(client, url)
        verdict = (
            ""
            if name.startswith("reference")
            else ("ok" if p95 < TARGET_MS else "SLOW")
        )
        print(f"{name:48} {p50:8.1f} {p95:8.1f} {queries:8d}  {verdict}")


if __name__ == "__main__":
    main()
