"""Board-diversity report: a hand-counted board and workforce, WRES-style gaps."""

from __future__ import annotations

import pytest

from accounts.disclosure import SHOW_ALL, SUPPRESS
from leadership.models import Organisation
from reports.builders.board_diversity import build_board_diversity
from reports.presenters import present
from reports.tests.factories import AS_OF, cell, manchester_board

pytestmark = pytest.mark.django_db


def no_progress(percent: int, stage: str) -> None:
    pass


@pytest.fixture
def manchester():
    manchester_board()
    # Workforce of 100: women 70; BME 30, White 60, not stated 10; disabled 20,
    # not disabled 70, not declared 10.
    cell("R0A", "nursing", 2, 60, sex="F", ethnic="A", disability="N")
    cell("R0A", "nursing", 2, 20, sex="M", ethnic="H", disability="Y")
    cell("R0A", "nursing", 2, 10, sex="F", ethnic="N", disability="N")
    cell("R0A", "nursing", 2, 10, sex="M", ethnic="Z", disability="X")
    cell("RJ1", "nursing", 2, 500, sex="M", ethnic="N")
    return Organisation.objects.get(ods_code="R0A")


def shown_for(scope, disclosure=SHOW_ALL):
    result = build_board_diversity(scope=scope, as_of=AS_OF, progress=no_progress)
    return present("board-diversity", result, disclosure)


def population(shown, dimension, name):
    dim = next(d for d in shown["demographics"] if d["dimension"] == dimension)
    return dim, next(p for p in dim["populations"] if p["population"] == name)


def test_seats_by_executive_and_vote(manchester):
    seats = shown_for(manchester)["seats"]
    executive, non_executive = seats["rows"]
    assert (executive["voting"], executive["non_voting"]) == (3, 0)
    assert (non_executive["voting"], non_executive["non_voting"]) == (1, 1)
    assert (seats["voting"], seats["total"]) == (4, 5)


def test_background_contracts_and_tenure(manchester):
    shown = shown_for(manchester)
    assert shown["background"]["clinical"] == 3
    assert shown["background"]["clinical_share"] == 60.0
    assert shown["background"]["voting_clinical_share"] == 75.0
    groups = {g["code"]: g for g in shown["groups"]}
    assert groups["nursing"]["all"] == 2
    assert groups["non_clinical"]["all"] == 2
    assert groups["medical"]["voting"] == 1
    assert {p["code"] for p in shown["professions"]} == {
        "nursing",
        "medicine",
        "finance",
        "general-management",
    }
    # An interim CEO and a fixed-term director of nursing: 2 of 5.
    assert shown["contracts"]["share"] == 40.0
    # Days in post at 1 June 2026: 365, 730, 151, 2191 and 1461.
    assert shown["tenure_days"]["mean"] == 979.6
    assert shown["tenure_days"]["median"] == 730


def test_wres_indicator_9_gap_counts_voting_members_and_drops_not_stated(manchester):
    dim, voting = population(shown_for(manchester), "ethnicity", "voting")
    # Voting: BME CEO, two White directors, a chair with no ethnicity recorded.
    assert voting["board"]["share"] == 33.3  # 1 of 3 declared
    assert voting["board"]["declaration_rate"] == 75.0
    # Workforce: 30 BME of 90 declared.
    assert dim["workforce"]["share"] == 33.3
    assert dim["workforce"]["declaration_rate"] == 90.0
    assert voting["gap"] == 0.0
    assert voting["warning"] is False
    not_declared = next(
        g for g in voting["board"]["groups"] if g["code"] == "not_declared"
    )
    assert not_declared["count"] == 1


def test_sex_and_disability_gaps(manchester):
    shown = shown_for(manchester)
    _, women_voting = population(shown, "sex", "voting")
    assert women_voting["board"]["share"] == 75.0
    assert women_voting["gap"] == 5.0
    _, women_all = population(shown, "sex", "all")
    assert women_all["gap"] == -10.0
    dim, disabled = population(shown, "disability", "voting")
    assert dim["workforce"]["share"] == 22.2
    assert disabled["gap"] == 11.1


def test_a_low_declaration_rate_is_a_warning_not_a_finding(manchester):
    _, everyone = population(shown_for(manchester), "ethnicity", "all")
    # Two of five board members have no ethnicity stated: 60% < 70%.
    assert everyone["board"]["declaration_rate"] == 60.0
    assert everyone["warning"] is True


def test_absent_professions_and_chief_executive_roll_up(manchester):
    shown = shown_for(manchester)
    absent = {a["group"]: a["boards_without"] for a in shown["absent"]}
    assert absent["ahp"] == 1 and absent["midwifery"] == 1
    assert absent["nursing"] == 0 and absent["medical"] == 0
    ceo = shown["chief_executives"]
    assert ceo["people"] == 1
    assert ceo["clinician_share"] == 100.0
    assert [g["group"] for g in ceo["clinicians_by_group"]] == ["nursing"]
    assert ceo["interim_or_fixed_term_share"] == 100.0
    assert ceo["bme_share"] == 100.0


def test_national_scope_rolls_up_every_board(manchester):
    shown = shown_for(Organisation.objects.get(ods_code="ENG"))
    assert shown["boards"] == 2
    assert shown["chief_executives"]["people"] == 2
    assert shown["chief_executives"]["clinician_share"] == 100.0
    by_group = {
        g["group"]: g["people"]
        for g in shown["chief_executives"]["clinicians_by_group"]
    }
    assert by_group == {"nursing": 1, "medical": 1}
    assert shown["suppressed"] is False


def test_outsiders_never_see_a_board_count_below_eight(manchester):
    shown = shown_for(manchester, SUPPRESS)
    assert shown["seats"]["total"] == "*"
    assert shown["members"] == "*"
    dim, voting = population(shown, "ethnicity", "voting")
    assert voting["board"]["share"] == "*"
    assert voting["gap"] == "*"
    assert voting["warning"] is True
    # The workforce figures are large enough to show, rounded.
    assert dim["workforce"]["total"] == 100
    assert shown["professions"] == []
    assert shown["chief_executives"]["clinician_share"] == "*"


def test_building_takes_a_fixed_number_of_queries(
    manchester, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25) as ctx:
        shown_for(manchester)
    first = len(ctx.captured_queries)
    manchester_board()
    cell("R0A", "physiotherapy", 3, 12, sex="M")
    with django_assert_max_num_queries(first):
        shown_for(manchester)
