"""Beyond an organisation, a hidden nine-box or pipeline cell cannot be worked out from
the totals the dashboard shows beside it."""

from accounts.disclosure import SHOW_ALL, SUPPRESS
from talent.selectors.dashboard import disclosed_grid


def test_grid_hides_a_second_part_when_one_could_be_subtracted_from_the_total():
    # Boxes 1, 2, 3 hold 3, 20 and 12 people; 10 have no review yet; total 45. Box 1 (3)
    # is starred; the total minus the other parts would give it back, so the smallest
    # other part (10, not yet reviewed) is starred too.
    grid, not_reviewed, total = disclosed_grid({1: 3, 2: 20, 3: 12, None: 10}, SUPPRESS)
    shown = {cell["box"]: cell["count"] for row in grid for cell in row["cells"]}
    assert (shown[1], shown[2], shown[3]) == ("*", 20, 10)
    assert all(shown[b] == 0 for b in range(4, 10))
    assert (not_reviewed, total) == ("*", 45)


def test_grid_in_full_for_the_organisations_own_talent_lead():
    grid, not_reviewed, total = disclosed_grid({1: 3, 3: 12, None: 1}, SHOW_ALL)
    shown = {cell["box"]: cell["count"] for row in grid for cell in row["cells"]}
    assert (shown[1], shown[3], not_reviewed, total) == (3, 12, 1, 16)
