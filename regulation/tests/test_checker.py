"""The keep-my-registration checker: each rule kind and each regulator's rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regulation.checker import (
    CheckInput,
    PlannedRole,
    check_registration,
    clinical_hours,
    months_before,
)
from regulation.models import Regulator, RegulatorRule, RuleKind

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
DIRECTOR_OF_NURSING = PlannedRole("director-of-nursing", "Director of nursing", True)
FINANCE = PlannedRole("director-of-finance", "Director of finance", False)
MEDICAL_DIRECTOR = PlannedRole("medical-director", "Medical director", True, True)
CEO = PlannedRole("chief-executive", "Chief executive", False, True)


def check(code, role, sessions=0, due=dt.date(2027, 6, 30), **extra):
    return check_registration(
        CheckInput(
            regulator=Regulator.objects.get(code=code),
            role=role,
            clinical_sessions=sessions,
            revalidation_due=due,
            today=TODAY,
            **extra,
        )
    )


def finding(result, kind):
    return [f for f in result.keep + result.relinquish if f.rule.kind == kind]


def test_clinical_hours_from_sessions():
    # 1 session = 4 hours, 45 working weeks: 1 x 4 x 45 x 3 = 540.
    assert clinical_hours(1, 3) == 540
    assert clinical_hours(0, 3) == 0


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(dt.date(2027, 3, 31), 1) == dt.date(2027, 2, 28)
    assert months_before(dt.date(2027, 1, 15), 2) == dt.date(2026, 11, 15)


def test_nmc_director_of_nursing_hours_count_as_practice():
    result = check("NMC", DIRECTOR_OF_NURSING)
    [lead] = finding(result, RuleKind.LEADERSHIP_PRACTICE)
    assert lead.status == "ok"
    [hours] = finding(result, RuleKind.PRACTICE_HOURS)
    assert hours.status == "ok"
    assert "leadership hours count" in hours.detail


def test_nmc_role_not_relying_on_nursing_needs_one_session_for_450_hours():
    result = check("NMC", FINANCE, sessions=0)
    [lead] = finding(result, RuleKind.LEADERSHIP_PRACTICE)
    assert lead.status == "warning"
    [hours] = finding(result, RuleKind.PRACTICE_HOURS)
    assert hours.status == "warning"
    assert "Keep at least 1 session(s)" in hours.detail
    [hours] = finding(check("NMC", FINANCE, sessions=1), RuleKind.PRACTICE_HOURS)
    assert hours.status == "ok"
    assert "540 hours" in hours.detail


def test_nmc_dual_registration_needs_900_hours():
    [hours] = finding(
        check("NMC", FINANCE, sessions=1, dual_registration=True),
        RuleKind.PRACTICE_HOURS,
    )
    assert hours.status == "warning"
    assert "900 in 3 years" in hours.title
    assert "Keep at least 2 session(s)" in hours.detail


def test_nmc_revalidation_renewal_and_cpd():
    result = check("NMC", DIRECTOR_OF_NURSING)
    [reval] = finding(result, RuleKind.REVALIDATION)
    assert reval.title == "Revalidate every 3 years"
    assert "5 written reflective accounts" in reval.detail
    [renewal] = finding(result, RuleKind.RENEWAL)
    assert renewal.title == "Renew your registration every year"
    [cpd] = finding(result, RuleKind.CPD)
    assert "35 hours of CPD" in cpd.detail


def test_gmc_medical_director_must_keep_the_licence():
    result = check("GMC", MEDICAL_DIRECTOR)
    assert result.must_keep_licence
    assert not result.can_relinquish
    assert not result.relinquish
    [licence] = finding(result, RuleKind.LICENCE)
    assert "responsible officer" in licence.detail


def test_gmc_chief_executive_without_sessions_may_relinquish_the_licence():
    result = check("GMC", CEO, sessions=0)
    assert result.can_relinquish
    [licence] = finding(result, RuleKind.LICENCE)
    assert licence in result.relinquish
    assert "12 months" in licence.detail


def test_gmc_chief_executive_with_sessions_keeps_the_licence():
    result = check("GMC", CEO, sessions=2)
    assert result.must_keep_licence
    assert finding(result, RuleKind.LICENCE)[0].title.startswith("Keep your licence")


def test_gmc_revalidation_includes_an_annual_appraisal():
    titles = [f.title for f in finding(check("GMC", CEO), RuleKind.REVALIDATION)]
    assert titles == [
        "Revalidate every 5 years",
        "Have an appraisal every year on your whole scope of practice",
    ]


def test_gphc_submission_deadline_is_two_months_before_expiry():
    result = check("GPhC", CEO, due=dt.date(2027, 3, 31))
    assert (
        "Submit your revalidation 2 months before expiry",
        dt.date(2027, 1, 31),
    ) in (result.deadlines)
    assert finding(result, RuleKind.REVALIDATION)[0].title == "Revalidate every 1 year"


def test_hcpc_renews_every_two_years_and_leadership_cpd_counts():
    result = check("HCPC", CEO)
    assert (
        finding(result, RuleKind.RENEWAL)[0].title
        == "Renew your registration every 2 years"
    )
    assert finding(result, RuleKind.LEADERSHIP_PRACTICE)[0].status == "ok"
    assert "2.5%" in finding(result, RuleKind.CPD)[0].detail


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("GDC", "100 verifiable CPD hours"),
        ("GOC", "36 CPD points"),
        ("GOsC", "90 CPD hours"),
        ("GCC", "30 CPD hours a year"),
        ("SWE", "2 pieces of CPD a year"),
    ],
)
def test_cpd_rules_of_the_other_regulators(code, text):
    [cpd] = finding(check(code, CEO), RuleKind.CPD)
    assert text in cpd.detail


def test_regulators_without_a_licence_explain_leaving_the_register():
    result = check("HCPC", CEO)
    assert result.relinquish[0].title == "If you leave the register"


def test_due_within_90_days_is_flagged_first():
    result = check("NMC", DIRECTOR_OF_NURSING, due=TODAY + dt.timedelta(days=90))
    assert result.deadlines[0][0] == "Due within 90 days: start now"
    result = check("NMC", DIRECTOR_OF_NURSING, due=TODAY + dt.timedelta(days=91))
    assert result.deadlines[0][0] != "Due within 90 days: start now"


def test_every_stored_rule_is_used_by_the_checker_or_the_return_planner():
    used: set[int] = set()
    for regulator in Regulator.objects.filter(rules__isnull=False).distinct():
        for role, sessions in [(DIRECTOR_OF_NURSING, 0), (FINANCE, 0), (CEO, 2)]:
            used |= check(regulator.code, role, sessions).rules_used
    assert used == set(RegulatorRule.objects.values_list("pk", flat=True))


def test_every_rule_has_a_source_and_a_check_date():
    assert not RegulatorRule.objects.filter(source_url="").exists()
    assert not RegulatorRule.objects.filter(last_checked__isnull=True).exists()


def test_rule_without_its_parameters_is_invalid():
    rule = RegulatorRule(
        regulator=Regulator.objects.get(code="PSNI"),
        kind=RuleKind.PRACTICE_HOURS,
        topic="practice_hours",
        statement="x",
        params={"hours": 1},
        source_url="https://www.psni.org.uk/",
        last_checked=TODAY,
    )
    with pytest.raises(ValidationError) as err:
        rule.full_clean()
    assert err.value.error_dict["params"][0].code == "rule_params_missing"
