"""Profiles: entry-level progression, edits with history, soft delete and restore."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from careers.models import Role as CatalogueRole
from conftest import TRUST_B
from leadership.models import Organisation
from leadership.tests.factories import AppointmentFactory, PersonFactory
from talent.models import EntryLevel, ProfileStatus, TalentProfile
from talent.services import (
    talent_profile_create,
    talent_profile_delete,
    talent_profile_progress,
    talent_profile_restore,
    talent_profile_update,
)
from talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db


def level(code):
    return EntryLevel.objects.get(code=code)


def holding(role_code, start=dt.date(2020, 1, 1), end=None):
    """A person holding a catalogue role at trust A (current unless ended)."""
    person = PersonFactory()
    role = CatalogueRole.objects.get(code=role_code)
    AppointmentFactory(
        person=person, role=role, level=role.level, start_date=start, end_date=end
    )
    return person


def create(person, entry="emerging-leader", **extra):
    return talent_profile_create(
        person=person,
        organisation=Organisation.objects.get(ods_code="R0A"),
        entry_level=level(entry),
        identified_by="line_manager",
        joined_on=dt.date(2025, 1, 1),
        **extra,
    )


def test_entry_levels_are_ordered_and_each_points_to_the_next():
    chain = [e.code for e in EntryLevel.objects.order_by("order")]
    assert chain == [
        "early-career",
        "emerging-leader",
        "established-leader",
        "senior-leader",
        "executive-ready",
    ]
    assert level("emerging-leader").next_level() == level("established-leader")
    assert level("executive-ready").next_level() is None


def test_joining_needs_an_entry_level_the_current_post_feeds():
    ward_manager = holding("ward-manager")  # L4: feeds emerging leader only
    assert create(ward_manager).entry_level.code == "emerging-leader"
    with pytest.raises(ValidationError) as excinfo:
        create(holding("ward-manager"), entry="senior-leader")
    assert excinfo.value.error_dict["entry_level"][0].code == "entry_level_not_fed"


def test_progression_to_the_next_level_once_promoted(talent_lead_a):
    person = holding("ward-manager", end=dt.date(2025, 6, 30))
    # Promoted to matron (L5) after joining: established leader is now fed.
    matron = CatalogueRole.objects.get(code="matron")
    AppointmentFactory(
        person=person, role=matron, level=matron.level, start_date=dt.date(2025, 7, 1)
    )
    profile = TalentProfileFactory(person=person, entry_level=level("emerging-leader"))
    talent_profile_progress(profile=profile, by=talent_lead_a)
    profile.refresh_from_db()
    assert profile.entry_level.code == "established-leader"
    assert profile.history.first().history_user == talent_lead_a


def test_progression_refused_when_the_post_does_not_feed_or_at_the_top():
    profile = TalentProfileFactory(
        person=holding("ward-manager"), entry_level=level("emerging-leader")
    )
    with pytest.raises(ValidationError) as excinfo:
        talent_profile_progress(profile=profile)
    assert excinfo.value.error_dict["entry_level"][0].code == "entry_level_not_fed"
    top = TalentProfileFactory(entry_level=level("executive-ready"))
    with pytest.raises(ValidationError) as excinfo:
        talent_profile_progress(profile=top)
    assert excinfo.value.error_dict["entry_level"][0].code == "top_level"
    with pytest.raises(ValidationError) as excinfo:
        talent_profile_progress(profile=top, to=level("early-career"))
    assert excinfo.value.error_dict["entry_level"][0].code == "not_higher"


def test_update_records_who_changed_what(talent_lead_a):
    profile = create(holding("ward-manager"))
    sponsor = PersonFactory()
    talent_profile_update(
        profile=profile, by=talent_lead_a, sponsor=sponsor, status=ProfileStatus.PAUSED
    )
    latest, first = profile.history.all()[:2]
    delta = latest.diff_against(first)
    assert latest.history_user == talent_lead_a
    assert sorted(delta.changed_fields) == ["sponsor", "status"]
    with pytest.raises(ValidationError) as excinfo:
        talent_profile_update(profile=profile, organisation_id=1)
    assert excinfo.value.error_dict["organisation_id"][0].code == "read_only"


def test_soft_delete_by_home_lead_and_restore_only_by_national_admin(
    talent_lead_a, talent_lead_b, national_admin
):
    profile = TalentProfileFactory()
    with pytest.raises(PermissionDenied):
        talent_profile_delete(profile=profile, by=talent_lead_b)
    talent_profile_delete(profile=profile, by=talent_lead_a)
    assert not TalentProfile.objects.live().filter(pk=profile.pk).exists()
    assert TalentProfile.objects.filter(pk=profile.pk).exists()
    with pytest.raises(PermissionDenied):
        talent_profile_restore(profile=profile, by=talent_lead_a)
    talent_profile_restore(profile=profile, by=national_admin)
    profile.refresh_from_db()
    assert profile.deleted_at is None
    users = [h.history_user for h in profile.history.all()[:2]]
    assert users == [national_admin, talent_lead_a]


def test_restore_refused_when_a_live_twin_exists(talent_lead_a, national_admin):
    profile = TalentProfileFactory()
    talent_profile_delete(profile=profile, by=talent_lead_a)
    TalentProfileFactory(person=profile.person)
    with pytest.raises(ValidationError) as excinfo:
        talent_profile_restore(profile=profile, by=national_admin)
    assert excinfo.value.code == "exists"


def test_placement_host_lead_cannot_delete(talent_lead_b):
    from talent.tests.factories import DevelopmentActionFactory

    profile = TalentProfileFactory()
    DevelopmentActionFactory(
        profile=profile,
        kind="secondment",
        host_organisation=Organisation.objects.get(ods_code=TRUST_B),
    )
    assert (
        TalentProfile.objects.visible_to(talent_lead_b).filter(pk=profile.pk).exists()
    )
    with pytest.raises(PermissionDenied):
        talent_profile_delete(profile=profile, by=talent_lead_b)


def test_admin_add_goes_through_the_profile_rules(client, talent_lead_a):
    from django.urls import reverse

    person = holding("ward-manager")
    client.force_login(talent_lead_a)
    data = {
        "person": person.pk,
        "organisation": Organisation.objects.get(ods_code="R0A").pk,
        "entry_level": level("senior-leader").pk,
        "identified_by": "line_manager",
        "status": "active",
        "joined_on": "2025-01-01",
    }
    url = reverse("admin:talent_talentprofile_add")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "does not feed this entry level" in response.content.decode()
    response = client.post(url, {**data, "entry_level": level("emerging-leader").pk})
    assert response.status_code == 302
    profile = TalentProfile.objects.get(person=person)
    assert profile.profession_id == person.profession_id
    assert profile.history.get().history_user == talent_lead_a


def test_entry_levels_are_changed_only_by_national_admins(
    client, talent_lead_a, national_admin
):
    from django.urls import reverse

    url = reverse("admin:talent_entrylevel_change", args=[level("early-career").pk])
    client.force_login(talent_lead_a)
    response = client.post(url, {"order": 1, "code": "early-career", "name": "Hacked"})
    assert response.status_code in (302, 403) and level("early-career").name != "Hacked"
    client.force_login(national_admin)
    assert client.get(url).status_code == 200
