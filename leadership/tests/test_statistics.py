"""Role statistics against a small data set computed by hand.

Chief executives at 30 June 2026:
  P1 nurse, born 1970: CEO of R0A 2015-01-01..2018-12-31, then of RBT from 2019 (current)
  P2 doctor, born 1975: interim CEO of RJ1 from 2024-01-01 (current), 2 clinical sessions
  P3 finance, born 1960: CEO of RBT 2010-06-01..2011-06-01
  P4 physiotherapist, year of birth unknown: fixed-term CEO of R0A from 2026-01-01
  P5 nurse: a director of nursing only (not counted); P6 starts as CEO in 2027 (not yet)
Tenures (days, to the end or 30 June 2026): 1460, 2737, 911, 365, 180.
"""

import datetime as dt

import pytest
from django.core.management import call_command

from careers.models import Profession, Role
from leadership.models import Organisation, Registration, RegistrationStatus
from leadership.selectors.statistics import role_statistics
from leadership.tests.factories import AppointmentFactory, PersonFactory
from regulation.models import Regulator

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 30)


def ceo(person, org, start, end=None, contract="substantive"):
    return AppointmentFactory(
        person=person,
        organisation=Organisation.objects.get(ods_code=org),
        role=Role.objects.get(code="chief-executive"),
        start_date=start,
        end_date=end,
        contract_type=contract,
        board_seat="executive",
        is_voting=True,
    )


@pytest.fixture
def ceos():
    prof = {p.code: p for p in Profession.objects.all()}
    p1 = PersonFactory(profession=prof["nursing"], year_of_birth=1970)
    p2 = PersonFactory(profession=prof["medicine"], year_of_birth=1975)
    p3 = PersonFactory(profession=prof["finance"], year_of_birth=1960)
    p4 = PersonFactory(profession=prof["physiotherapy"], year_of_birth=None)
    p5 = PersonFactory(profession=prof["nursing"], year_of_birth=1980)
    p6 = PersonFactory(profession=prof["nursing"], year_of_birth=1981)
    ceo(p1, "R0A", dt.date(2015, 1, 1), dt.date(2018, 12, 31))
    ceo(p1, "RBT", dt.date(2019, 1, 1))
    ceo(p2, "RJ1", dt.date(2024, 1, 1), contract="interim")
    ceo(p3, "RBT", dt.date(2010, 6, 1), dt.date(2011, 6, 1))
    ceo(p4, "R0A", dt.date(2026, 1, 1), contract="fixed_term")
    ceo(p6, "RJ1", dt.date(2027, 1, 1))
    AppointmentFactory(person=p5, role=Role.objects.get(code="director-of-nursing"))
    gmc, nmc = Regulator.objects.get(code="GMC"), Regulator.objects.get(code="NMC")
    Registration.objects.create(
        person=p2,
        regulator=gmc,
        registration_number="7000001",
        status=RegistrationStatus.LICENSED,
        does_clinical_work=True,
        clinical_sessions=2,
    )
    Registration.objects.create(
        person=p1,
        regulator=nmc,
        registration_number="70A0001A",
        status=RegistrationStatus.REGISTERED,
    )
    return p1, p2, p3, p4


def stats(**kwargs):
    return role_statistics(
        role=Role.objects.get(code="chief-executive"), as_of=AS_OF, **kwargs
    )


def test_counts_and_backgrounds(ceos):
    s = stats()
    assert s["people_ever"] == 4
    assert s["people_current"] == 3
    assert s["current_clinical"] == {"people": 3, "share": 100.0}
    groups = {r["group"]: r["people"] for r in s["current_clinicians_by_group"]}
    assert groups == {"nursing": 1, "medical": 1, "ahp": 1}
    ever = {r["group"]: r["people"] for r in s["ever_by_background"]}
    assert ever["non_clinical"] == 1


def test_age_at_first_appointment(ceos):
    age = stats()["age_at_first_appointment"]
    assert age == {"count": 3, "mean": 48.0, "median": 49.0, "min": 45.0, "max": 50.0}


def test_posts_per_person_and_first_post(ceos):
    s = stats()
    assert s["posts_per_person"] == [
        {"posts": 1, "people": 3},
        {"posts": 2, "people": 1},
    ]
    assert s["current_in_first_post"] == {"people": 2, "share": 66.7}


def test_tenure(ceos):
    s = stats()
    assert s["tenure_days"] == {
        "count": 5,
        "mean": 1130.6,
        "median": 911.0,
        "min": 180.0,
        "max": 2737.0,
    }
    assert s["completed_tenure_days"]["median"] == 912.5
    assert s["tenure_under_two_years"] == {"posts": 2, "share": 40.0}


def test_interim_and_clinical_work(ceos):
    s = stats()
    assert s["current_interim_or_fixed_term"] == {"posts": 2, "share": 66.7}
    assert s["current_keep_clinical_work"] == {"people": 1, "share": 33.3}


def test_within_an_organisation_and_a_filtered_set_of_people(ceos):
    s = stats(within=Organisation.objects.get(ods_code="R0A"))
    assert (s["people_ever"], s["people_current"]) == (2, 1)
    from leadership.models import Person

    s = stats(people=Person.objects.filter(profession__is_clinical=False))
    assert (s["people_ever"], s["people_current"]) == (1, 0)
    assert s["current_interim_or_fixed_term"]["share"] is None


def test_suppressed_view_stars_small_numbers(ceos):
    from accounts.disclosure import SUPPRESS

    s = stats(disclosure=SUPPRESS)
    assert s["people_current"] == "*"
    assert s["age_at_first_appointment"]["mean"] == "*"


def test_query_count_does_not_grow_with_data(ceos, django_assert_max_num_queries):
    with django_assert_max_num_queries(25) as small:
        stats()
    for i in range(30):
        p = PersonFactory(year_of_birth=1960 + i)
        ceo(p, "RJ1", dt.date(2000 + i % 20, 1, 1), dt.date(2000 + i % 20, 12, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        stats()


def test_leader_stats_command_prints_json(ceos, capsys):
    call_command(
        "leader_stats", "--role", "chief-executive", "--as-of", "2026-06-30", "--json"
    )
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["people_current"] == 3
    call_command(
        "leader_stats",
        "--role",
        "chief-executive",
        "--profession",
        "medicine",
        "--as-of",
        "2026-06-30",
        "--json",
    )
    assert json.loads(capsys.readouterr().out)["people_current"] == 1


def test_who_gets_suppressed_figures(talent_lead_a, national_admin):
    from accounts.disclosure import SHOW_ALL, SUPPRESS
    from leadership.selectors.statistics import statistics_disclosure

    trust = Organisation.objects.get(ods_code="R0A")
    england = Organisation.objects.get(ods_code="ENG")
    assert statistics_disclosure(user=talent_lead_a, within=trust) is SUPPRESS
    assert statistics_disclosure(user=talent_lead_a, within=england) is SHOW_ALL
    assert statistics_disclosure(user=talent_lead_a, within=None) is SHOW_ALL
    assert statistics_disclosure(user=national_admin, within=trust) is SHOW_ALL
