"""Benchmark: talent pages on the national demo data, against a bare Django view.

Run as `.venv/bin/python -m bench.talent_pages` against a database seeded with
`seed_demo --scale national` (100,000 profiles, ~300,000 reviews): BENCH_DATABASE_URL,
default clp_talent_seed. Each page is requested in-process through Django's test client
60 times after 5 warm-ups; the reference is /healthz, timed the same way in the same
run. Target (issue 4): the cohort dashboard for one organisation and the national
nine-box counts each under 200 ms at the 95th percentile, with query counts that do not
grow with the data (printed beside each page).
"""

from __future__ import annotations

from bench.pages import setup, time_page

setup("postgres://postgres@127.0.0.1:5432/clp_talent_seed")

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from talent.models import TalentProfile, TalentReview  # noqa: E402

TARGET_MS = 200.0
TARGETS = {"dashboard, one organisation", "national nine-box counts (API)"}


def client_for(email: str) -> Client:
    user = User.objects.filter(email=email).first()
    if user is None:
        raise SystemExit(f"No {email}: run `seed_demo --scale national` first.")
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    lead = client_for("talent.lead@demo.nhs.uk")
    admin = client_for("national.admin@demo.nhs.uk")
    trust = (
        User.objects.get(email="talent.lead@demo.nhs.uk")
        .memberships.select_related("organisation")
        .first()
        .organisation
    )
    pages = [
        ("reference: /healthz (bare view)", lead, "/healthz"),
        ("dashboard, one organisation", lead, "/talent/"),
        ("dashboard, one organisation, ready now", lead, "/talent/?readiness=now"),
        ("profile list, one organisation, box 9", lead, "/talent/profiles/?box=9"),
        ("national nine-box counts (API)", admin, "/api/talent/profiles/nine-box/"),
        ("national dashboard", admin, "/talent/"),
        ("equity audit, one organisation", lead, "/talent/equity/"),
        ("succession, one organisation", lead, f"/talent/succession/{trust.ods_code}/"),
    ]
    print(
        f"profiles: {TalentProfile.objects.count():,}  "
        f"reviews: {TalentReview.objects.count():,}  "
        f"organisation: {trust.ods_code} "
        f"({TalentProfile.objects.filter(organisation=trust).count():,} profiles)"
    )
    print(
        f"{'page':44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
        f"  target p95 < {TARGET_MS:.0f} ms"
    )
    for name, client, url in pages:
        p50, p95, n = time_page(client, url)
        verdict = ("ok" if p95 < TARGET_MS else "SLOW") if name in TARGETS else ""
        print(f"{name:44} {p50:8.1f} {p95:8.1f} {n:8d}  {verdict}")


if __name__ == "__main__":
    main()
