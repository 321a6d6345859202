"""With the calibrated demo data, the national report shows DOMAIN.md's headlines.

Seeds the small demo (12 boards, 20,000 staff) and builds the national board-diversity
report through its task. Tolerances are wide where 12 boards make a share move in steps
of 8 points; on the national demo (244 boards) the same figures land within a point or
two (see bench.reports_national and the issue report).
"""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.disclosure import SHOW_ALL
from leadership.models import Organisation
from reports import runs
from reports.models import ReportKind
from reports.presenters import present
from reports.seeding import seed_demo
from reports.tasks import run_report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def national_report() -> dict:
    seed_demo("small", seed=2026, progress=lambda message: None)
    run = runs.report_run_request(
        kind=ReportKind.BOARD_DIVERSITY,
        organisation=Organisation.objects.get(ods_code="ENG"),
        as_of=dt.date.today(),
    )
    assert run_report(run.pk) == "succeeded"
    run.refresh_from_db()
    return present(run.kind, run.result, SHOW_ALL)


def share(shown: dict, dimension: str, population: str = "all") -> tuple[float, float]:
    dim = next(d for d in shown["demographics"] if d["dimension"] == dimension)
    pop = next(p for p in dim["populations"] if p["population"] == population)
    return pop["board"]["share"], dim["workforce"]["share"]


def test_national_board_diversity_matches_the_published_headlines(national_report):
    shown = national_report
    ceo = shown["chief_executives"]
    # About a third of chief executives are clinicians ...
    assert ceo["clinician_share"] == pytest.approx(33, abs=10)
    # ... of those roughly two thirds nurses, just under a third doctors.
    by_group = {g["group"]: g["share"] for g in ceo["clinicians_by_group"]}
    assert by_group.get("nursing", 0) > by_group.get("medical", 0) > 0
    # 46% of chief executives and directors are women, against 75% of the workforce.
    board_women, workforce_women = share(shown, "sex")
    assert board_women == pytest.approx(46, abs=6)
    assert workforce_women == pytest.approx(75, abs=2)
    # 2% of chief executives are BME, against 17% of the workforce.
    assert ceo["bme_share"] <= 10
    _, workforce_bme = share(shown, "ethnicity")
    assert workforce_bme == pytest.approx(17, abs=2.5)
    # About 1 in 10 chief executive posts is interim or fixed-term.
    assert ceo["interim_or_fixed_term_share"] <= 20
    # The national roll-up is national totals: nothing suppressed.
    assert shown["suppressed"] is False and shown["boards"] == 12
