"""Ceiling report: hand-counted ladders, the ceiling rules, ranking and suppression."""

from __future__ import annotations

import pytest

from accounts.disclosure import SHOW_ALL, SUPPRESS
from leadership.models import Organisation
from reports.builders.ceiling import build_ceiling
from reports.presenters import present
from reports.tests.factories import AS_OF, cell, seat

pytestmark = pytest.mark.django_db


def no_progress(percent: int, stage: str) -> None:
    pass


@pytest.fixture
def manchester():
    # Workforce at R0A: nurses 100 at L2, 20 at L4, 5 at L6; physios 30 at L2, 10 at
    # L4; doctors 40 at L3, 10 at L5. Board: a nurse CEO (L10), a doctor and a nurse
    # as executive directors (L9), a finance NED and a general-management chair.
    cell("R0A", "nursing", 2, 60)
    cell("R0A", "nursing", 2, 40, sex="M")
    cell("R0A", "nursing", 4, 20)
    cell("R0A", "nursing", 6, 5)
    cell("R0A", "physiotherapy", 2, 30)
    cell("R0A", "physiotherapy", 4, 10)
    cell("R0A", "medicine", 3, 40)
    cell("R0A", "medicine", 5, 10)
    cell("RJ1", "physiotherapy", 8, 50)  # London: outside R0A and Y62
    seat("R0A", "chief-executive", "nursing")
    seat("R0A", "medical-director", "medicine")
    seat("R0A", "director-of-nursing", "nursing")
    seat("R0A", "non-executive-director", "finance", voting=False)
    seat("R0A", "chair", "general-management")
    return Organisation.objects.get(ods_code="R0A")


def build(scope, **kw):
    return build_ceiling(scope=scope, as_of=AS_OF, progress=no_progress, **kw)


def rows_by_code(shown, key="professions"):
    return {r["code"]: r for r in shown[key]}


def test_ladder_counts_workforce_below_the_board_and_executive_seats_on_it(
    manchester,
):
    result = build(manchester)
    raw = {r["code"]: r["cells"] for r in result["professions"]}
    assert raw["nursing"] == [0, 100, 0, 20, 0, 5, 0, 0, 1, 1]
    assert raw["physiotherapy"] == [0, 30, 0, 10, 0, 0, 0, 0, 0, 0]
    assert raw["medicine"] == [0, 0, 40, 0, 10, 0, 0, 0, 1, 0]
    # Non-executives are board members but not on the staff ladder.
    assert raw["finance"] == [0] * 10
    assert result["organisations"] == 1


def test_ceiling_shares_and_shortfall_by_hand(manchester):
    shown = present("ceiling", build(manchester), SHOW_ALL)
    rows = rows_by_code(shown)
    assert rows["nursing"]["ceiling"]["code"] == "L10"
    assert rows["medicine"]["ceiling"]["code"] == "L9"
    assert rows["physiotherapy"]["ceiling"]["code"] == "L4"
    assert rows["finance"]["ceiling"] is None
    # 127 of 218 on the ladder are nurses; 40 physios; 51 doctors.
    assert shown["total"] == 218
    assert rows["nursing"]["workforce_share"] == 58.3
    assert rows["physiotherapy"]["workforce_share"] == 18.3
    # Physios hold 30 of 130 at L2 (23.1%) and 10 of 30 at L4 (33.3%); they are absent
    # at L3, L5 and L6 (-18.3 each); the highest of the tied levels is the finding.
    assert rows["physiotherapy"]["shares"][1] == 23.1
    assert rows["physiotherapy"]["shares"][3] == 33.3
    assert rows["physiotherapy"]["shortfall"] == {
        "rank": 6,
        "code": "L6",
        "share": 0.0,
        "gap": -18.3,
    }
    # Board: 2 of 5 members are nurses (40%) against 58.3% of the ladder.
    assert rows["nursing"]["board"] == 2
    assert rows["nursing"]["board_share"] == 40.0
    assert rows["nursing"]["board_gap"] == -18.3
    assert rows["medicine"]["board_gap"] == round(20.0 - 23.4, 1)


def test_lowest_ceilings_come_first(manchester):
    shown = present("ceiling", build(manchester), SHOW_ALL)
    order = [r["code"] for r in shown["professions"]]
    assert order == [
        "finance",
        "general-management",
        "physiotherapy",
        "medicine",
        "nursing",
    ]


def test_a_threshold_ignores_one_off_cases(manchester):
    shown = present("ceiling", build(manchester, threshold=5), SHOW_ALL)
    rows = rows_by_code(shown)
    # Single executives and the five L6 nurses no longer count.
    assert rows["nursing"]["ceiling"]["code"] == "L4"
    assert rows["medicine"]["ceiling"]["code"] == "L5"
    # The threshold can also be chosen when reading a stored result.
    again = present("ceiling", build(manchester), SHOW_ALL, threshold=5)
    assert rows_by_code(again)["nursing"]["ceiling"]["code"] == "L4"


def test_region_scope_adds_its_trusts_and_excludes_other_regions(manchester):
    cell("RBT", "physiotherapy", 7, 9)
    region = Organisation.objects.get(ods_code="Y62")
    shown = present("ceiling", build(region), SHOW_ALL)
    physio = rows_by_code(shown)["physiotherapy"]
    assert physio["cells"][:8] == [0, 30, 0, 10, 0, 0, 9, 0]
    assert physio["ceiling"]["code"] == "L7"
    assert shown["organisations"] == 2


def test_outsiders_see_groups_only_with_primary_and_secondary_suppression(
    manchester,
):
    shown = present("ceiling", build(manchester), SUPPRESS)
    assert shown["professions"] == []
    groups = rows_by_code(shown, "groups")
    assert groups["nursing"]["cells"] == [0, 100, 0, 20, 0, "*", 0, 0, "*", "*"]
    # Doctors' single L9 seat is hidden; their 10 at L5 would give it away from the
    # row total, so it is hidden too, and so is the L5 column total it would reveal.
    assert groups["medical"]["cells"] == [0, 0, 40, 0, "*", 0, 0, 0, "*", 0]
    assert shown["level_totals"][4] == "*"
    assert groups["nursing"]["total"] == 125  # 127 rounded to the nearest 5
    assert groups["medical"]["total"] == 50
    assert shown["total"] == 220
    # Shares come from the rounded figures: 125 of 220.
    assert groups["nursing"]["workforce_share"] == 56.8
    assert groups["medical"]["shares"][4] == "*"


def test_building_takes_a_fixed_number_of_queries(
    manchester, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        build(manchester)
    for rank in range(1, 9):
        cell("R0A", "dietetics", rank, 8 + rank)
        cell("R0A", "radiography", rank, 9)
    with django_assert_max_num_queries(6):
        build(manchester)
