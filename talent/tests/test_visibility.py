"""Who sees which profile: home organisation, placements, the clinician, private notes."""

import datetime as dt

import pytest

from accounts.roles import Role
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation
from talent.models import (
    ActionKind,
    ActionStatus,
    DevelopmentAction,
    TalentProfile,
    TalentReview,
)
from talent.selectors import review_list
from talent.tests.factories import (
    DevelopmentActionFactory,
    TalentProfileFactory,
    TalentReviewFactory,
)

pytestmark = pytest.mark.django_db


def org(code):
    return Organisation.objects.get(ods_code=code)


def visible(user):
    return set(TalentProfile.objects.visible_to(user).values_list("pk", flat=True))


@pytest.fixture
def placed():
    """A trust A profile seconded to trust B, and a trust B profile with no placement."""
    profile = TalentProfileFactory(organisation=org(TRUST_A))
    action = DevelopmentActionFactory(
        profile=profile,
        kind=ActionKind.SECONDMENT,
        host_organisation=org(TRUST_B),
        status=ActionStatus.IN_PROGRESS,
    )
    stay = TalentProfileFactory(organisation=org(TRUST_B))
    return profile, action, stay


def test_placement_stays_visible_at_home_and_becomes_visible_to_host(
    placed, talent_lead_a, talent_lead_b
):
    profile, _action, stay = placed
    assert visible(talent_lead_a) == {profile.pk}
    assert visible(talent_lead_b) == {profile.pk, stay.pk}


def test_placement_visible_to_a_talent_lead_above_the_host(placed, make_user):
    profile, _, stay = placed
    london = make_user("london@example.nhs.uk", Role.TALENT_LEAD, "Y56")
    assert visible(london) == {profile.pk, stay.pk}


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.CANCELLED])
def test_finished_placement_no_longer_shows_to_the_host(placed, talent_lead_b, status):
    _profile, action, stay = placed
    DevelopmentAction.objects.filter(pk=action.pk).update(status=status)
    assert visible(talent_lead_b) == {stay.pk}


def test_placement_does_not_show_to_other_roles_at_the_host(placed, make_user):
    _profile, _, _ = placed
    board_b = make_user("board@example.nhs.uk", Role.BOARD_MEMBER, TRUST_B)
    clinician_b = make_user("clin@example.nhs.uk", Role.CLINICIAN, TRUST_B)
    assert visible(board_b) == set()
    assert visible(clinician_b) == set()


def test_placed_profile_reviews_and_actions_follow_the_profile(placed, talent_lead_b):
    profile, action, _stay = placed
    review = TalentReviewFactory(profile=profile)
    assert list(TalentReview.objects.visible_to(talent_lead_b)) == [review]
    assert set(DevelopmentAction.objects.visible_to(talent_lead_b)) == {action}


def test_national_admin_sees_all_without_the_placement_lookup(placed, national_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    national_admin.refresh_from_db()
    expected = set(TalentProfile.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        assert visible(national_admin) == expected
    # memberships, the scope (organisations and own person in one UNION), profiles
    assert len(ctx.captured_queries) == 3
    assert not any("developmentaction" in q["sql"] for q in ctx.captured_queries)


def test_clinician_sees_only_shared_reviews_and_never_private_notes(make_user):
    clinician = make_user("me@example.nhs.uk", Role.CLINICIAN, TRUST_A)
    profile = TalentProfileFactory()
    profile.person.user = clinician
    profile.person.save(update_fields=["user"])
    TalentReviewFactory(
        profile=profile, notes="Hidden review", shared_with_clinician=False
    )
    private = TalentReviewFactory(
        profile=profile,
        notes="Private thoughts",
        notes_private=True,
        shared_with_clinician=True,
        reviewed_on=dt.date(2026, 2, 1),
    )
    open_ = TalentReviewFactory(
        profile=profile,
        notes="Well done",
        notes_private=False,
        shared_with_clinician=True,
        reviewed_on=dt.date(2026, 1, 1),
    )
    rows = list(review_list(user=clinician))
    assert [r.pk for r in rows] == [private.pk, open_.pk]
    assert [r.visible_notes for r in rows] == ["", "Well done"]


def test_talent_lead_sees_every_review_and_its_notes(talent_lead_a):
    profile = TalentProfileFactory()
    TalentReviewFactory(profile=profile, notes="Private thoughts")
    assert [r.visible_notes for r in review_list(user=talent_lead_a)] == [
        "Private thoughts"
    ]


def test_talent_lead_on_the_programme_sees_own_reviews_as_a_clinician(talent_lead_a):
    own = TalentProfileFactory()
    own.person.user = talent_lead_a
    own.person.save(update_fields=["user"])
    TalentReviewFactory(profile=own, notes="About you", shared_with_clinician=False)
    assert list(review_list(user=talent_lead_a)) == []
