"""Routes observed in career timelines, and today's holders, with small-number rules."""

import datetime as dt

import pytest

from accounts.disclosure import SHOW_ALL, SUPPRESS
from careers.models import Profession, Role
from leadership.selectors.routes import holders_today, observed_routes
from leadership.tests.factories import AppointmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def role(code: str) -> Role:
    return Role.objects.get(code=code)


def career(profession: str, *posts: tuple[str, dt.date, dt.date | None]):
    person = PersonFactory(profession=Profession.objects.get(code=profession))
    for code, start, end in posts:
        AppointmentFactory(
            person=person, role=role(code), start_date=start, end_date=end
        )
    return person


@pytest.fixture
def timelines():
    """Three directors of nursing came from deputy chief nurse after 2, 3 and 4 years;
    one came from head of nursing after 6 years; one midwife among them. One person held
    the role twice: only their first appointment counts."""
    d = dt.date
    career(
        "nursing",
        ("deputy-chief-nurse", d(2010, 1, 1), d(2011, 12, 31)),
        ("director-of-nursing", d(2012, 1, 1), None),
    )
    career(
        "nursing",
        ("deputy-chief-nurse", d(2010, 1, 1), d(2012, 12, 31)),
        ("director-of-nursing", d(2013, 1, 1), d(2016, 1, 1)),
        ("director-of-nursing", d(2016, 2, 1), None),
    )
    career(
        "midwifery",
        ("deputy-chief-nurse", d(2010, 1, 1), d(2013, 12, 31)),
        ("director-of-nursing", d(2014, 1, 1), d(2015, 1, 1)),
    )
    career(
        "nursing",
        ("head-of-nursing", d(2010, 1, 1), d(2015, 12, 31)),
        ("director-of-nursing", d(2016, 1, 1), None),
    )


def test_most_common_previous_roles_with_median_years(timelines):
    result = observed_routes(role=role("director-of-nursing"), disclosure=SHOW_ALL)
    assert result.people == 4
    first = result.previous[0]
    assert (first["name"], first["people"], first["share"]) == (
        "Deputy chief nurse",
        3,
        75.0,
    )
    # Gaps of 2, 3 and 4 years (to the day, in 365.25-day years): median 3.0.
    assert first["median_years"] == 3.0
    second = result.previous[1]
    assert (second["name"], second["people"], second["median_years"]) == (
        "Head of nursing",
        1,
        6.0,
    )
    # Overall median of 2, 3, 4 and 6 years is 3.5.
    assert result.median_years == 3.5


def test_share_from_each_profession(timelines):
    result = observed_routes(role=role("director-of-nursing"), disclosure=SHOW_ALL)
    assert [(p["group"], p["people"], p["share"]) for p in result.professions] == [
        ("nursing", 3, 75.0),
        ("midwifery", 1, 25.0),
    ]


def test_small_numbers_are_suppressed(timelines):
    result = observed_routes(role=role("director-of-nursing"), disclosure=SUPPRESS)
    assert result.people == "*"
    assert result.previous[0]["people"] == "*"
    assert result.previous[0]["median_years"] == "*"
    assert result.median_years == "*"


def test_counts_above_seven_are_rounded_to_five():
    d = dt.date
    for _ in range(9):
        career(
            "nursing",
            ("deputy-chief-nurse", d(2010, 1, 1), d(2011, 12, 31)),
            ("director-of-nursing", d(2012, 1, 1), None),
        )
    result = observed_routes(role=role("director-of-nursing"), disclosure=SUPPRESS)
    assert result.people == 10
    assert result.previous[0]["median_years"] == 2.0


def test_observed_routes_query_count_does_not_grow(
    timelines, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9) as before:
        observed_routes(role=role("director-of-nursing"))
    d = dt.date
    for _ in range(10):
        career(
            "nursing",
            ("matron", d(2009, 1, 1), d(2011, 12, 31)),
            ("director-of-nursing", d(2012, 1, 1), None),
        )
    with django_assert_max_num_queries(len(before.captured_queries) + 1):
        observed_routes(role=role("director-of-nursing"))


def test_holders_today_by_profession(timelines):
    roles = [role("director-of-nursing"), role("head-of-nursing")]
    nursing = Profession.objects.get(code="nursing").pk
    held = holders_today(roles=roles, profession_id=nursing, disclosure=SHOW_ALL)
    # Current holders: persons 1, 2 (second spell) and 4 are nurses; the midwife left.
    assert held[roles[0].pk] == {"total": 3, "same": 3}
    assert held[roles[1].pk] == {"total": 0, "same": 0}
    midwifery = Profession.objects.get(code="midwifery").pk
    assert holders_today(roles=roles, profession_id=midwifery, disclosure=SHOW_ALL)[
        roles[0].pk
    ] == {"total": 3, "same": 0}


def test_routes_page_shows_curated_and_observed(client, make_user, timelines):
    client.force_login(make_user("c@example.nhs.uk", "clinician", "R0A"))
    html = client.get("/careers/roles/director-of-nursing/routes/").content.decode()
    assert "Deputy chief nurse" in html
    assert "Curated steps" in html


def test_compare_page_shows_holders_of_the_profession(client, make_user, timelines):
    client.force_login(make_user("c@example.nhs.uk", "clinician", "R0A"))
    nursing = Profession.objects.get(code="nursing").pk
    response = client.get(
        "/careers/compare/",
        {"role": ["director-of-nursing", "chief-executive"], "profession": nursing},
    )
    assert [r.code for r in response.context["roles"]] == [
        "director-of-nursing",
        "chief-executive",
    ]
    assert response.context["holders"][role("director-of-nursing").pk]["same"] == "*"
    response = client.get("/careers/compare/", {"role": ["director-of-nursing"]})
    assert response.context["too_few"]
    assert "Choose at least two roles" in response.content.decode()
