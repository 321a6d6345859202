"""Return-to-practice plans, one test per regulator's return rule and mode."""

from decimal import Decimal

import pytest

from regulation.models import Regulator
from regulation.returning import ReturnInput, return_plan

pytestmark = pytest.mark.django_db


def plan(code: str, years: str, **hours):
    return return_plan(
        regulator=Regulator.objects.get(code=code),
        given=ReturnInput(years_out=Decimal(years), **hours),
    )


@pytest.mark.parametrize(
    ("years", "days", "hours", "private"),
    [("1", 0, 0, None), ("2", 30, 210, 15), ("4.5", 30, 210, 15), ("5", 60, 420, 30)],
)
def test_hcpc_updating_days_by_years_out(years, days, hours, private):
    result = plan("HCPC", years)
    assert result.updating_days == days
    assert result.updating_hours == hours
    titles = [s.title for s in result.steps]
    if private is not None:
        assert f"Keep private study to at most {private} days" in titles
        assert any("management" in t for t in titles)
    else:
        assert len(titles) == 1


@pytest.mark.parametrize(
    ("years", "days", "hours"), [("1.9", 0, 0), ("3", 30, 180), ("6", 60, 360)]
)
def test_social_work_england_uses_six_hour_days(years, days, hours):
    result = plan("SWE", years)
    assert (result.updating_days, result.updating_hours) == (days, hours)
    assert not any("management" in s.title for s in result.steps)


def test_nmc_readmission_with_450_hours_in_three_years():
    result = plan("NMC", "1", hours_last_3_years=450)
    assert "readmission" in result.summary
    assert result.steps[0].title.startswith("Show 450 registered practice hours")


def test_nmc_750_hours_in_five_years_also_qualifies():
    result = plan("NMC", "3.5", hours_last_3_years=100, hours_last_5_years=750)
    assert result.steps[0].title.startswith("Show 750 registered practice hours")


def test_nmc_without_the_hours_needs_a_course_or_the_test_of_competence():
    result = plan("NMC", "6", hours_last_3_years=0, hours_last_5_years=749)
    titles = [s.title for s in result.steps]
    assert "Complete an NMC-approved return to practice programme" in titles
    assert any("test of competence" in t for t in titles)


def test_gmc_licence_restoration_steps():
    result = plan("GMC", "3")
    titles = [s.title for s in result.steps]
    assert "Apply up to 3 months before you need the licence" in titles
    assert any("past 5 years" in t for t in titles)
    assert any("general practice" in t for t in titles)


@pytest.mark.parametrize(
    ("years", "first_step"),
    [("1", "Apply for restoration"), ("1.1", "Apply to return to registration")],
)
def test_gphc_restoration_within_twelve_months_else_portfolio(years, first_step):
    assert plan("GPhC", years).steps[0].title == first_step


def test_gdc_cpd_record_needed_after_twelve_months_off_the_register():
    assert len(plan("GDC", "0.9").steps) == 1
    steps = plan("GDC", "1").steps
    assert len(steps) == 2
    assert "CPD record" in steps[1].title


@pytest.mark.parametrize("code", ["GOC", "GOsC", "GCC"])
def test_unverified_return_routes_send_people_to_the_regulator(code):
    result = plan(code, "3")
    assert result.steps[0].title.startswith("Ask your regulator")
    assert result.rule is not None


def test_regulator_without_a_return_rule_says_so():
    result = plan("PSNI", "3")
    assert result.rule is None
