"""People services: single rows run full_clean; bulk rows are validated before any write."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from careers.models import Grade, Level, Profession, Role
from leadership.models import Appointment, Organisation, Person
from leadership.services.people import (
    appointment_create,
    appointments_bulk_create,
    directory_refresh,
    people_bulk_create,
    person_create,
)

pytestmark = pytest.mark.django_db

START = dt.date(2020, 1, 1)


@pytest.fixture
def nurse() -> Person:
    return person_create(
        external_ref="svc-1",
        full_name="Ann Nurse",
        profession_id=Profession.objects.get(code="nursing").pk,
        sex="F",
    )


@pytest.fixture
def trust() -> Organisation:
    return Organisation.objects.get(ods_code="R0A")


def error_codes(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.code for errors in exc.value.error_dict.values() for e in errors}


def test_person_create_rejects_unknown_sex_with_field_error():
    with pytest.raises(ValidationError) as exc:
        person_create(
            external_ref="svc-2",
            full_name="Bad Sex",
            profession_id=Profession.objects.get(code="nursing").pk,
            sex="Q",
        )
    assert "sex" in exc.value.error_dict
    assert not Person.objects.filter(external_ref="svc-2").exists()


def test_appointment_create_takes_level_and_board_seat_from_the_role(nurse, trust):
    role = Role.objects.get(code="director-of-nursing")
    appointment = appointment_create(
        person=nurse, organisation=trust, role=role, start_date=START, is_voting=True
    )
    assert appointment.level == role.level
    assert appointment.board_seat == "executive"
    assert appointment.is_voting


def test_appointment_create_rejects_level_that_is_not_the_roles(nurse, trust):
    with pytest.raises(ValidationError) as exc:
        appointment_create(
            person=nurse,
            organisation=trust,
            role=Role.objects.get(code="ward-manager"),
            level=Level.objects.get(rank=9),
            start_date=START,
        )
    assert "level_mismatch" in error_codes(exc)


def test_appointment_create_rejects_grade_above_the_roles_level(nurse, trust):
    with pytest.raises(ValidationError) as exc:
        appointment_create(
            person=nurse,
            organisation=trust,
            role=Role.objects.get(code="staff-nurse"),
            grade=Grade.objects.get(scheme="afc", code="8c"),
            start_date=START,
        )
    assert "grade_above_role" in error_codes(exc)


def test_appointment_create_rejects_vote_without_a_board_seat(nurse, trust):
    with pytest.raises(ValidationError) as exc:
        appointment_create(
            person=nurse,
            organisation=trust,
            role=Role.objects.get(code="matron"),
            start_date=START,
            is_voting=True,
        )
    assert "vote_without_seat" in error_codes(exc)


def test_appointment_create_rejects_end_before_start(nurse, trust):
    with pytest.raises(ValidationError) as exc:
        appointment_create(
            person=nurse,
            organisation=trust,
            grade=Grade.objects.get(scheme="afc", code="5"),
            start_date=START,
            end_date=START - dt.timedelta(days=1),
        )
    assert "end_before_start" in error_codes(exc)


def test_appointment_without_role_takes_the_grades_level(nurse, trust):
    grade = Grade.objects.get(scheme="afc", code="7")
    appointment = appointment_create(
        person=nurse, organisation=trust, grade=grade, start_date=START
    )
    assert appointment.level_id == grade.level_id
    assert appointment.board_seat == ""


def test_people_bulk_create_returns_rows_with_keys():
    nursing = Profession.objects.get(code="nursing")
    people = people_bulk_create(
        Person(external_ref=f"b-{i}", full_name=f"Bulk {i}", profession=nursing)
        for i in range(5)
    )
    assert [p.pk is not None for p in people] == [True] * 5
    assert Person.objects.filter(external_ref__startswith="b-").count() == 5


def test_people_bulk_create_writes_nothing_when_one_row_is_bad(nurse):
    nursing = Profession.objects.get(code="nursing")
    rows = [
        Person(external_ref="ok-1", full_name="Fine", profession=nursing),
        Person(external_ref="ok-2", full_name="", profession=nursing),
        Person(external_ref=nurse.external_ref, full_name="Taken", profession=nursing),
        Person(external_ref="ok-1", full_name="Repeat", profession=nursing),
    ]
    with pytest.raises(ValidationError) as exc:
        people_bulk_create(rows)
    keys = set(exc.value.error_dict)
    assert {"row 2: full_name", "row 3: external_ref", "row 4: external_ref"} <= keys
    assert not Person.objects.filter(external_ref="ok-1").exists()


def test_appointments_bulk_create_validates_every_row_before_writing(nurse, trust):
    ward = Role.objects.get(code="ward-manager")
    ned = Role.objects.get(code="non-executive-director")
    good = Appointment(
        person=nurse, organisation=trust, role=ward, level=ward.level, start_date=START
    )
    wrong_seat = Appointment(
        person=nurse,
        organisation=trust,
        role=ward,
        level=ward.level,
        board_seat="executive",
        is_voting=True,
        start_date=START,
    )
    ned_as_exec = Appointment(
        person=nurse,
        organisation=trust,
        role=ned,
        level=ned.level,
        board_seat="executive",
        start_date=START,
    )
    with pytest.raises(ValidationError) as exc:
        appointments_bulk_create([good, wrong_seat, ned_as_exec])
    assert "row 2: board_seat" in exc.value.error_dict
    assert "row 3: board_seat" in exc.value.error_dict
    assert not Appointment.objects.filter(person=nurse).exists()
    assert appointments_bulk_create([good]) == 1
    assert Appointment.objects.filter(person=nurse).count() == 1


# ------------------------------------------------------ who the directory lists


def listed(person: Person) -> bool:
    return Person.objects.filter(pk=person.pk, is_leader=True).exists()


def test_a_senior_post_lists_a_leader_and_a_junior_one_does_not(nurse, trust):
    appointment_create(
        person=nurse,
        organisation=trust,
        role=Role.objects.get(code="ward-manager"),
        start_date=START,
    )
    assert not listed(nurse)
    appointment_create(
        person=nurse,
        organisation=trust,
        role=Role.objects.get(code="director-of-nursing"),
        start_date=dt.date(2022, 1, 1),
        is_voting=True,
    )
    assert listed(nurse)


def test_bulk_created_posts_list_their_holders_only(nurse, trust):
    other = person_create(
        external_ref="svc-9",
        full_name="Bob Band Five",
        profession_id=Profession.objects.get(code="nursing").pk,
    )
    ceo = Role.objects.get(code="chief-executive")
    staff = Role.objects.get(code="staff-nurse")
    appointments_bulk_create(
        [
            Appointment(
                person=nurse,
                organisation=trust,
                role=ceo,
                level=ceo.level,
                board_seat="executive",
                start_date=START,
            ),
            Appointment(
                person=other,
                organisation=trust,
                role=staff,
                level=staff.level,
                start_date=START,
            ),
        ]
    )
    assert set(Person.objects.filter(is_leader=True)) == {nurse}


def test_refresh_delists_a_leader_whose_only_senior_post_went(nurse, trust):
    post = appointment_create(
        person=nurse,
        organisation=trust,
        role=Role.objects.get(code="director-of-nursing"),
        start_date=START,
    )
    Appointment.objects.filter(pk=post.pk).delete()
    assert directory_refresh(person_ids=[nurse.pk]) == 1
    assert not listed(nurse)
    assert directory_refresh(person_ids=[nurse.pk]) == 0


def test_refresh_of_everyone_follows_the_directory_threshold(nurse, trust, settings):
    appointment_create(
        person=nurse,
        organisation=trust,
        role=Role.objects.get(code="ward-manager"),
        start_date=START,
    )
    rank = Role.objects.get(code="ward-manager").level.rank
    settings.LEADERSHIP_DIRECTORY_MIN_RANK = rank
    assert directory_refresh() == 1
    assert listed(nurse)
    settings.LEADERSHIP_DIRECTORY_MIN_RANK = rank + 1
    assert directory_refresh() == 1
    assert not listed(nurse)


def test_admin_delete_of_the_senior_post_delists_the_leader(
    client, national_admin, nurse, trust
):
    post = appointment_create(
        person=nurse,
        organisation=trust,
        role=Role.objects.get(code="director-of-nursing"),
        start_date=START,
    )
    client.force_login(national_admin)
    response = client.post(
        reverse("admin:leadership_appointment_delete", args=[post.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not listed(nurse)
