"""The small-number rule, cell by cell."""

import pytest

from accounts.disclosure import SHOW_ALL, SUPPRESS


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, 0), (1, "*"), (7, "*"), (8, 10), (12, 10), (13, 15), (102, 100), (None, None)],
)
def test_counts_below_eight_are_starred_and_others_rounded_to_five(value, shown):
    assert SUPPRESS.count(value) == shown


def test_nothing_is_suppressed_for_national_totals():
    assert SHOW_ALL.count(3) == 3
    assert SHOW_ALL.share(1, 3) == 33.3


def test_shares_come_from_rounded_figures_and_hide_with_their_denominator():
    assert SUPPRESS.share(9, 22) == 50.0  # 10 / 20, not 9 / 22
    assert SUPPRESS.share(3, 40) == "*"
    assert SUPPRESS.share(10, 6) == "*"
    assert SUPPRESS.share(0, 0) is None


def test_statistics_over_few_values_are_starred():
    assert SUPPRESS.statistic(48.5, based_on=7) == "*"
    assert SUPPRESS.statistic(48.5, based_on=8) == 48.5
    assert SHOW_ALL.statistic(48.5, based_on=2) == 48.5
