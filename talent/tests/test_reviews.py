"""Talent reviews: the nine-box mapping, recording rules, the latest review and counts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation
from leadership.tests.factories import PersonFactory
from talent.models import Readiness, TalentProfile, TalentReview, nine_box
from talent.selectors.grid import nine_box_counts, with_latest_review
from talent.services import talent_review_record
from talent.tests.factories import TalentProfileFactory, TalentReviewFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.mark.parametrize(
    ("performance", "potential", "box"),
    [(1, 1, 1), (2, 1, 2), (3, 1, 3), (1, 2, 4), (2, 2, 5), (3, 2, 6), (1, 3, 7),
     (2, 3, 8), (3, 3, 9)],
)  # fmt: skip
def test_nine_box_mapping_in_python_and_in_the_generated_column(
    performance, potential, box
):
    assert nine_box(performance, potential) == box
    review = TalentReviewFactory(performance=performance, potential=potential)
    review.refresh_from_db()
    assert review.nine_box == box == review.box


def test_scores_outside_one_to_three_are_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TalentReviewFactory(performance=4)


def record(profile, reviewer, **overrides):
    values = dict(
        profile=profile,
        reviewer=reviewer,
        reviewed_on=TODAY - dt.timedelta(days=1),
        performance=3,
        potential=2,
        readiness=Readiness.ONE_TO_TWO,
        strengths=["engaging-the-team", "leading-with-care"],
        development_needs=["holding-to-account"],
        notes="Ready for a stretch assignment.",
    )
    values.update(overrides)
    return talent_review_record(**values)


def test_talent_lead_records_a_review_with_dimensions_in_model_order(talent_lead_a):
    profile = TalentProfileFactory(joined_on=TODAY - dt.timedelta(days=400))
    review = record(profile, talent_lead_a)
    review.refresh_from_db()
    assert review.nine_box == 6
    assert review.strengths == ["leading-with-care", "engaging-the-team"]
    assert review.history.count() == 1
    assert review.history.first().history_user == talent_lead_a


def codes(excinfo) -> dict[str, list[str]]:
    return {
        field: [e.code for e in errors]
        for field, errors in excinfo.value.error_dict.items()
    }


def test_review_refuses_bad_scores_future_date_unknown_dimension(talent_lead_a):
    profile = TalentProfileFactory(joined_on=TODAY - dt.timedelta(days=400))
    with pytest.raises(ValidationError) as excinfo:
        record(
            profile,
            talent_lead_a,
            performance=0,
            potential=4,
            reviewed_on=TODAY + dt.timedelta(days=1),
            strengths=["charisma"],
            readiness="soon",
        )
    assert codes(excinfo) == {
        "performance": ["out_of_range"],
        "potential": ["out_of_range"],
        "readiness": ["invalid_choice"],
        "reviewed_on": ["future"],
        "strengths": ["unknown_dimension"],
    }
    assert not TalentReview.objects.exists()


def test_review_dated_today_is_accepted_and_before_joining_refused(talent_lead_a):
    profile = TalentProfileFactory(joined_on=TODAY - dt.timedelta(days=10))
    assert record(profile, talent_lead_a, reviewed_on=TODAY).pk
    with pytest.raises(ValidationError) as excinfo:
        record(profile, talent_lead_a, reviewed_on=TODAY - dt.timedelta(days=11))
    assert codes(excinfo) == {"reviewed_on": ["before_joining"]}


def test_reviewer_must_lead_talent_at_the_organisation_or_sponsor(
    make_user, talent_lead_a, talent_lead_b
):
    sponsor_user = make_user("sponsor@example.nhs.uk")
    sponsor = PersonFactory(user=sponsor_user)
    profile = TalentProfileFactory(
        sponsor=sponsor, joined_on=TODAY - dt.timedelta(days=400)
    )
    regional = make_user("region@example.nhs.uk", Role.TALENT_LEAD, "Y62")
    clinician = make_user("c@example.nhs.uk", Role.CLINICIAN, TRUST_A)
    admin = make_user("na@example.nhs.uk", Role.NATIONAL_ADMIN, "ENG")
    for allowed in (talent_lead_a, regional, sponsor_user):
        assert record(profile, allowed).reviewer == allowed
    for refused in (talent_lead_b, clinician, admin):
        with pytest.raises(ValidationError) as excinfo:
            record(profile, refused)
        assert codes(excinfo) == {"reviewer": ["reviewer_not_allowed"]}


def test_latest_review_is_the_latest_date_then_the_later_row():
    profile = TalentProfileFactory()
    TalentReviewFactory(profile=profile, reviewed_on=dt.date(2025, 3, 1), potential=3)
    TalentReviewFactory(profile=profile, reviewed_on=dt.date(2026, 1, 1), potential=1)
    # Recorded later but dated earlier: not the latest.
    TalentReviewFactory(profile=profile, reviewed_on=dt.date(2025, 6, 1), potential=2)
    # Same date as the latest, later row: wins the tie.
    tie = TalentReviewFactory(
        profile=profile, reviewed_on=dt.date(2026, 1, 1), performance=3, potential=3
    )
    row = with_latest_review(TalentProfile.objects.all(), "nine_box", "id").get()
    assert (row.latest_id, row.latest_nine_box) == (tie.pk, 9)


def test_nine_box_counts_hand_computed_in_one_query():
    a, b = (
        Organisation.objects.get(ods_code=TRUST_A),
        Organisation.objects.get(ods_code=TRUST_B),
    )
    p1, p2, p3 = (TalentProfileFactory(organisation=a) for _ in range(3))
    TalentProfileFactory(organisation=a)  # never reviewed
    other = TalentProfileFactory(organisation=b)
    # p1 moves from box 1 to box 9; p2 sits in 5; p3 moved from 9 down to 5.
    TalentReviewFactory(
        profile=p1, reviewed_on=dt.date(2024, 1, 1), performance=1, potential=1
    )
    TalentReviewFactory(
        profile=p1, reviewed_on=dt.date(2025, 1, 1), performance=3, potential=3
    )
    TalentReviewFactory(profile=p2, performance=2, potential=2)
    TalentReviewFactory(
        profile=p3, reviewed_on=dt.date(2024, 1, 1), performance=3, potential=3
    )
    TalentReviewFactory(
        profile=p3, reviewed_on=dt.date(2025, 1, 1), performance=2, potential=2
    )
    TalentReviewFactory(profile=other, performance=3, potential=3)
    scoped = TalentProfile.objects.filter(organisation=a)
    with CaptureQueriesContext(connection) as ctx:
        counts = nine_box_counts(scoped)
    assert len(ctx.captured_queries) == 1
    assert counts == {9: 1, 5: 2, None: 1}
    assert nine_box_counts(TalentProfile.objects.all()) == {9: 2, 5: 2, None: 1}
