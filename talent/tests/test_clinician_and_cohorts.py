"""Clinicians' own pages and self-nomination; cohorts and bulk-adding profiles."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from careers.models import Role as CatalogueRole
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation
from leadership.tests.factories import AppointmentFactory, PersonFactory
from talent.models import CohortMembership, EntryLevel, Nomination, TalentProfile
from talent.services import cohort_add_profiles, nomination_decide, nomination_submit
from talent.tests.factories import (
    CohortFactory,
    DevelopmentActionFactory,
    TalentProfileFactory,
    TalentReviewFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinician(make_user):
    user = make_user("nurse@example.nhs.uk", Role.CLINICIAN, TRUST_A)
    person = PersonFactory(user=user)
    role = CatalogueRole.objects.get(code="ward-manager")  # L4
    AppointmentFactory(person=person, role=role, level=role.level)
    return user


def test_my_programme_shows_shared_reviews_without_private_notes_and_the_plan(
    client, clinician
):
    profile = TalentProfileFactory(person=clinician.person)
    TalentReviewFactory(profile=profile, notes="Secret", shared_with_clinician=True)
    TalentReviewFactory(
        profile=profile,
        notes="Not shared at all",
        notes_private=False,
        shared_with_clinician=False,
        reviewed_on=dt.date(2026, 2, 1),
    )
    TalentReviewFactory(
        profile=profile,
        notes="Keep going",
        notes_private=False,
        shared_with_clinician=True,
        reviewed_on=dt.date(2025, 12, 1),
    )
    DevelopmentActionFactory(profile=profile, title="Shadow the chief nurse")
    client.force_login(clinician)
    body = client.get(reverse("talent:mine")).content.decode()
    assert "Keep going" in body
    assert "Secret" not in body
    assert "Not shared at all" not in body
    assert "Shadow the chief nurse" in body
    detail = client.get(reverse("talent:profile-detail", args=[profile.pk]))
    assert "Secret" not in detail.content.decode()
    assert "Record a review" not in detail.content.decode()
    assert (
        client.get(reverse("talent:review-create", args=[profile.pk])).status_code
        == 404
    )


def test_api_reviews_for_the_clinician_blank_private_notes(clinician):
    from rest_framework.test import APIClient

    profile = TalentProfileFactory(person=clinician.person)
    TalentReviewFactory(profile=profile, notes="Secret", shared_with_clinician=True)
    TalentReviewFactory(profile=profile, notes="Unshared")
    api = APIClient()
    api.force_authenticate(clinician)
    body = api.get("/api/talent/reviews/").json()
    assert [r["notes"] for r in body["results"]] == [""]


def test_self_nomination_to_a_fed_entry_level_and_acceptance(
    client, clinician, talent_lead_a
):
    client.force_login(clinician)
    senior = EntryLevel.objects.get(code="senior-leader")
    emerging = EntryLevel.objects.get(code="emerging-leader")
    response = client.post(
        reverse("talent:nominate"), {"entry_level": senior.pk, "statement": "Me"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["entry_level"] == [
        "Your current level does not feed this entry level."
    ]
    response = client.post(
        reverse("talent:nominate"),
        {"entry_level": emerging.pk, "statement": "I lead a ward of 60 staff."},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.organisation.ods_code == TRUST_A
    with pytest.raises(ValidationError) as excinfo:
        nomination_submit(user=clinician, entry_level=emerging, statement="Again")
    assert excinfo.value.error_dict["entry_level"][0].code == "open"
    nomination_decide(nomination=nomination, by=talent_lead_a, accept=True)
    profile = TalentProfile.objects.get(person=clinician.person)
    assert (profile.identified_by, profile.entry_level) == ("self_nominated", emerging)


def test_other_trust_lead_cannot_decide_a_nomination(clinician, talent_lead_b):
    nomination = nomination_submit(
        user=clinician,
        entry_level=EntryLevel.objects.get(code="emerging-leader"),
        statement="Please",
    )
    with pytest.raises(ValidationError) as excinfo:
        nomination_decide(nomination=nomination, by=talent_lead_b, accept=True)
    assert excinfo.value.code == "forbidden"


def test_statement_is_required_and_short(clinician):
    emerging = EntryLevel.objects.get(code="emerging-leader")
    for statement, code in (("  ", "required"), ("x" * 1501, "max_length")):
        with pytest.raises(ValidationError) as excinfo:
            nomination_submit(user=clinician, entry_level=emerging, statement=statement)
        assert excinfo.value.error_dict["statement"][0].code == code


def test_trust_lead_sees_regional_cohort_but_only_own_members(
    client, talent_lead_a, talent_lead_b
):
    cohort = CohortFactory()  # run by the North West region (Y62)
    london = CohortFactory(region=Organisation.objects.get(ods_code="Y56"))
    mine = TalentProfileFactory()
    theirs = TalentProfileFactory(organisation=Organisation.objects.get(ods_code="RWW"))
    CohortMembership.objects.create(
        cohort=cohort, profile=mine, added_on=dt.date.today()
    )
    CohortMembership.objects.create(
        cohort=cohort, profile=theirs, added_on=dt.date.today()
    )
    client.force_login(talent_lead_a)
    listed = client.get(reverse("talent:cohort-list")).context["page_obj"]
    assert [c.pk for c in listed] == [cohort.pk]
    detail = client.get(reverse("talent:cohort-detail", args=[cohort.pk]))
    assert [p.pk for p in detail.context["page_obj"]] == [mine.pk]
    assert (
        client.get(reverse("talent:cohort-detail", args=[london.pk])).status_code == 404
    )


def test_bulk_add_is_all_or_nothing_and_skips_existing(talent_lead_a):
    cohort = CohortFactory()
    a1, a2 = TalentProfileFactory(), TalentProfileFactory()
    b = TalentProfileFactory(organisation=Organisation.objects.get(ods_code=TRUST_B))
    with pytest.raises(ValidationError) as excinfo:
        cohort_add_profiles(cohort=cohort, profiles=[a1, b], by=talent_lead_a)
    assert excinfo.value.code == "not_visible"
    assert not CohortMembership.objects.exists()
    assert cohort_add_profiles(cohort=cohort, profiles=[a1], by=talent_lead_a) == 1
    assert cohort_add_profiles(cohort=cohort, profiles=[a1, a2], by=talent_lead_a) == 1
    assert set(cohort.profiles.values_list("pk", flat=True)) == {a1.pk, a2.pk}


def test_bulk_add_through_the_page(client, talent_lead_a):
    cohort = CohortFactory()
    profiles = [TalentProfileFactory() for _ in range(3)]
    client.force_login(talent_lead_a)
    url = reverse("talent:cohort-detail", args=[cohort.pk])
    response = client.post(url, {"profiles": [p.pk for p in profiles[:2]]})
    assert response.status_code == 302
    assert cohort.memberships.count() == 2
    response = client.post(url, {})
    assert response.context["form"].errors["profiles"]
