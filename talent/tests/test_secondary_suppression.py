"""Beyond an organisation, a hidden nine-box or pipeline cell cannot be worked out from
the totals the dashboard shows beside it."""

import pytest

from accounts.disclosure import SHOW_ALL, SUPPRESS
from leadership.tests.factories import PersonFactory
from talent.models import TalentProfile
from talent.selectors.dashboard import disclosed_grid
from talent.selectors.equity import equity_audit
from talent.tests.factories import TalentProfileFactory


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


@pytest.mark.django_db
def test_equity_hides_the_other_group_when_one_could_be_subtracted():
    # 10 women and 3 men in the pool, none reviewed yet. Men (3) are starred; the pool
    # total (13) minus the women would give them back, so the women are starred too.
    for sex, n in (("F", 10), ("M", 3)):
        for _ in range(n):
            TalentProfileFactory(person=PersonFactory(sex=sex))
    audit = equity_audit(TalentProfile.objects.all(), SUPPRESS)
    by_sex = next(t for t in audit["tables"] if t["title"] == "Sex")
    pool = {row["label"]: row["cells"][0] for row in by_sex["rows"]}
    assert pool["Female"] == {"n": "*", "share": "*"}
    assert pool["Male"] == {"n": "*", "share": "*"}
    assert audit["totals"][0] == 15
    shown = equity_audit(TalentProfile.objects.all(), SHOW_ALL)
    by_sex = next(t for t in shown["tables"] if t["title"] == "Sex")
    assert by_sex["rows"][0]["cells"][0] == {"n": 10, "share": 76.9}
