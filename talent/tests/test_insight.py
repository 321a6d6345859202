"""Equity audit, outcomes and succession: hand-computed figures on small data sets."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.disclosure import SHOW_ALL, SUPPRESS
from careers.models import Profession
from careers.models import Role as CatalogueRole
from leadership.models import EthnicCategory, Organisation
from leadership.tests.factories import AppointmentFactory, PersonFactory
from talent.models import TalentProfile
from talent.selectors.equity import equity_audit
from talent.selectors.outcomes import outcomes_by_cohort, outcomes_by_entry_level
from talent.selectors.succession import succession
from talent.tests.factories import (
    CohortFactory,
    TalentProfileFactory,
    TalentReviewFactory,
)

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 6, 1)


def post(person, role_code, start, end=None):
    role = CatalogueRole.objects.get(code=role_code)
    return AppointmentFactory(
        person=person,
        role=role,
        level=role.level,
        start_date=start,
        end_date=end,
        board_seat=role.board_seat,
        is_voting=bool(role.board_seat),
    )


def test_outcomes_count_moves_up_and_board_posts_within_each_window():
    joined = dt.date(2022, 1, 1)  # 53 months before ON: every window has elapsed
    fast, slow, board, stuck = (PersonFactory() for _ in range(4))
    for p in (fast, slow, board, stuck):
        post(p, "ward-manager", dt.date(2019, 1, 1), end=None)
    post(fast, "matron", dt.date(2022, 10, 1))  # up after 9 months
    post(slow, "matron", dt.date(2024, 6, 1))  # up after 29 months
    post(board, "director-of-nursing", dt.date(2023, 3, 1))  # board after 14 months
    late = PersonFactory()
    post(late, "ward-manager", dt.date(2019, 1, 1))
    for p in (fast, slow, board, stuck):
        TalentProfileFactory(person=p, joined_on=joined)
    TalentProfileFactory(person=late, joined_on=dt.date(2025, 12, 1))  # only recent
    rows = outcomes_by_entry_level(TalentProfile.objects.all(), SHOW_ALL, on=ON)
    assert len(rows) == 1
    w12, w24, w36 = rows[0]["windows"]
    assert (w12["eligible"], w12["moved_up"], w12["board"]) == (4, 1, 0)
    assert (w24["eligible"], w24["moved_up"], w24["board"]) == (4, 2, 1)
    assert (w36["eligible"], w36["moved_up"], w36["board"]) == (4, 3, 1)
    assert w36["moved_up_share"] == 75.0
    assert rows[0]["profession"] == "Nurse"


def test_outcomes_by_cohort_start_from_the_cohort_date(talent_lead_a):
    person = PersonFactory()
    post(person, "ward-manager", dt.date(2019, 1, 1))
    post(person, "matron", dt.date(2024, 3, 1))
    profile = TalentProfileFactory(person=person, joined_on=dt.date(2021, 1, 1))
    cohort = CohortFactory(year=2023, starts_on=dt.date(2023, 9, 1))
    cohort.memberships.create(profile=profile, added_on=dt.date(2023, 9, 1))
    rows = outcomes_by_cohort(TalentProfile.objects.all(), SHOW_ALL, on=ON)
    w12, w24, _ = rows[0]["windows"]
    assert rows[0]["group"] == cohort.name
    assert (w12["eligible"], w12["moved_up"]) == (1, 1)  # 6 months after the start
    assert w24["eligible"] == 1


def test_equity_audit_compares_boxes_with_the_pool():
    white = EthnicCategory.objects.filter(wres_group="white").first()
    bme = EthnicCategory.objects.filter(wres_group="bme").first()
    people = [
        PersonFactory(sex="F", ethnic_category=white, disability="N"),
        PersonFactory(sex="F", ethnic_category=bme, disability="Y"),
        PersonFactory(sex="M", ethnic_category=white, disability="N"),
        PersonFactory(sex="M", ethnic_category=None, disability=""),
    ]
    profiles = [TalentProfileFactory(person=p) for p in people]
    TalentReviewFactory(
        profile=profiles[0], performance=3, potential=3, readiness="now"
    )
    TalentReviewFactory(
        profile=profiles[2], performance=3, potential=3, readiness="now"
    )
    TalentReviewFactory(profile=profiles[1], performance=1, potential=1)
    audit = equity_audit(TalentProfile.objects.all(), SHOW_ALL)
    # Columns: pool, boxes 9..1, ready now.
    assert audit["totals"] == [4, 2, 0, 0, 0, 0, 0, 0, 0, 1, 2]
    sex = audit["tables"][0]
    assert [r["label"] for r in sex["rows"]] == ["Female", "Male"]
    female = sex["rows"][0]["cells"]
    assert (female[0]["n"], female[0]["share"]) == (2, 50.0)
    assert (female[1]["n"], female[1]["share"]) == (1, 50.0)  # box 9
    assert (female[9]["n"], female[9]["share"]) == (1, 100.0)  # box 1
    ethnic = audit["tables"][1]
    assert [r["label"] for r in ethnic["rows"]] == [
        "White",
        "Black and minority ethnic",
        "Not recorded",
    ]
    assert ethnic["rows"][0]["cells"][10] == {"n": 2, "share": 100.0}  # ready now
    suppressed = equity_audit(TalentProfile.objects.all(), SUPPRESS)
    assert suppressed["tables"][0]["rows"][0]["cells"][0] == {"n": "*", "share": "*"}


def test_succession_by_board_role_readiness_and_professions(talent_lead_a):
    don = CatalogueRole.objects.get(code="director-of-nursing")
    ceo = CatalogueRole.objects.get(code="chief-executive")
    nurse = TalentProfileFactory(target_role=don)
    TalentReviewFactory(profile=nurse, readiness="now")
    doctor = TalentProfileFactory(
        person=PersonFactory(profession=Profession.objects.get(code="medicine")),
        target_role=ceo,
    )
    TalentProfileFactory(target_role=ceo)  # not yet reviewed
    TalentProfileFactory(target_role=ceo, status="left")  # not a candidate
    TalentProfileFactory(
        target_role=ceo, organisation=Organisation.objects.get(ods_code="RJ1")
    )
    TalentReviewFactory(profile=doctor, readiness="1-2")
    data = succession(
        profiles=TalentProfile.objects.visible_to(talent_lead_a).live(),
        organisation=Organisation.objects.get(ods_code="R0A"),
    )
    rows = {r["role"].code: r for r in data["roles"]}
    assert rows["director-of-nursing"]["readiness"] == [1, 0, 0, 0]
    assert rows["chief-executive"]["readiness"] == [0, 1, 0, 1]
    groups = dict(
        zip(
            [c for c, _ in data["profession_groups"]],
            rows["chief-executive"]["groups"],
            strict=True,
        )
    )
    assert (groups["medical"], groups["nursing"], groups["ahp"]) == (1, 1, 0)
    assert "Allied health professionals" in rows["chief-executive"]["missing"]
    assert [p.pk for p in rows["director-of-nursing"]["people"]] == [nurse.pk]


def test_succession_page_404_outside_scope(client, talent_lead_a):
    client.force_login(talent_lead_a)
    assert client.get(reverse("talent:succession", args=["R0A"])).status_code == 200
    assert client.get(reverse("talent:succession", args=["RJ1"])).status_code == 404


def test_succession_page_query_count_does_not_grow(
    client, talent_lead_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(talent_lead_a)
    ceo = CatalogueRole.objects.get(code="chief-executive")
    url = reverse("talent:succession", args=["R0A"])
    TalentReviewFactory(profile=TalentProfileFactory(target_role=ceo))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        TalentReviewFactory(profile=TalentProfileFactory(target_role=ceo))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    assert len(few.captured_queries) <= 8


def test_equity_audit_of_an_empty_pool_shows_zero_totals(client, talent_lead_a):
    audit = equity_audit(TalentProfile.objects.none(), SUPPRESS)
    assert audit["totals"] == [0] * len(audit["columns"])
    assert all(table["rows"] == [] for table in audit["tables"])
    # The page for an organisation with no profiles at all answers, it does not fail.
    client.force_login(talent_lead_a)
    response = client.get(reverse("talent:equity"))
    assert response.status_code == 200
