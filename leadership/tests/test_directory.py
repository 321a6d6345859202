"""Directory, leader page, board view, exports and API: what each role sees, query counts."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.roles import Role
from careers.models import Profession
from careers.models import Role as CatalogueRole
from conftest import TRUST_A, TRUST_B
from leadership.models import EthnicCategory, Organisation, Qualification
from leadership.tests.factories import AppointmentFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def post(person, code, org=TRUST_A, start=dt.date(2020, 1, 1), end=None, **extra):
    role = CatalogueRole.objects.get(code=code)
    seat = role.board_seat
    return AppointmentFactory(
        person=person,
        role=role,
        level=role.level,
        start_date=start,
        end_date=end,
        organisation=Organisation.objects.get(ods_code=org),
        board_seat=seat,
        is_voting=bool(seat),
        **extra,
    )


@pytest.fixture
def leaders():
    nursing = Profession.objects.get(code="nursing")
    finance = Profession.objects.get(code="finance")
    ceo = PersonFactory(
        full_name="Ada Nightingale",
        profession=nursing,
        sex="F",
        ethnic_category=EthnicCategory.objects.get(code="N"),
        year_of_birth=1971,
    )
    post(
        ceo,
        "staff-nurse",
        start=dt.date(1993, 9, 1),
        end=dt.date(1998, 8, 31),
        start_precision="month",
    )
    post(
        ceo, "director-of-nursing", start=dt.date(2012, 1, 1), end=dt.date(2019, 12, 31)
    )
    post(ceo, "chief-executive", start=dt.date(2020, 1, 1))
    Qualification.objects.create(
        person=ceo, kind="academic", name="MBA", provider="Open University", year=2010
    )
    cfo = PersonFactory(full_name="Bob Ledger", profession=finance)
    post(
        cfo,
        "director-of-finance",
        org=TRUST_B,
        start=dt.date(2021, 3, 1),
        contract_type="interim",
    )
    junior = PersonFactory(full_name="Cat Junior", profession=nursing)
    post(junior, "staff-nurse")  # below the directory's level: never listed
    return ceo, cfo, junior


def test_directory_lists_leaders_only(client, talent_lead_a, leaders):
    client.force_login(talent_lead_a)
    response = client.get(reverse("leadership:leader-list"))
    names = [p.full_name for p in response.context["page_obj"]]
    assert names == ["Ada Nightingale", "Bob Ledger"]
    assert "Cat Junior" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "chief-executive", "status": "current"}, ["Ada Nightingale"]),
        ({"role": "director-of-nursing", "status": "current"}, []),
        ({"role": "director-of-nursing", "status": "past"}, ["Ada Nightingale"]),
        ({"organisation": "Y56"}, ["Bob Ledger"]),
        ({"background": "non_clinical"}, ["Bob Ledger"]),
        ({"profession": "group:nursing"}, ["Ada Nightingale"]),
        ({"q": "ledg"}, ["Bob Ledger"]),
        ({"sort": "-latest"}, ["Bob Ledger", "Ada Nightingale"]),
    ],
)
def test_directory_filters(client, talent_lead_a, leaders, params, expected):
    client.force_login(talent_lead_a)
    response = client.get(reverse("leadership:leader-list"), params)
    assert [p.full_name for p in response.context["page_obj"]] == expected


def test_directory_query_count_does_not_grow(
    client, talent_lead_a, leaders, django_assert_max_num_queries
):
    client.force_login(talent_lead_a)
    url = reverse("leadership:leader-list")
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for i in range(40):
        post(PersonFactory(), "clinical-director", start=dt.date(2015 + i % 5, 1, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_leader_page_shows_timeline_and_hides_demographics_from_other_roles(
    client, make_user, leaders
):
    ceo, _, _ = leaders
    board = make_user("board@example.nhs.uk", Role.BOARD_MEMBER, TRUST_A)
    client.force_login(board)
    html = client.get(
        reverse("leadership:leader-detail", args=[ceo.pk])
    ).content.decode()
    assert "<svg" in html and "Career timeline of Ada Nightingale" in html
    assert "Sep 1993" in html  # month precision shown as month and year
    assert "MBA" in html
    assert "Diversity monitoring" not in html
    assert "1971" not in html


def test_leader_page_demographics_for_talent_lead_in_scope_only(
    client, make_user, leaders
):
    ceo, cfo, _ = leaders
    lead_a = make_user("a@example.nhs.uk", Role.TALENT_LEAD, TRUST_A)
    client.force_login(lead_a)
    assert (
        "Diversity monitoring"
        in client.get(
            reverse("leadership:leader-detail", args=[ceo.pk])
        ).content.decode()
    )
    assert (
        "Diversity monitoring"
        not in client.get(
            reverse("leadership:leader-detail", args=[cfo.pk])
        ).content.decode()
    )


def test_non_leader_page_is_404(client, talent_lead_a, leaders):
    _, _, junior = leaders
    client.force_login(talent_lead_a)
    assert (
        client.get(reverse("leadership:leader-detail", args=[junior.pk])).status_code
        == 404
    )


def test_leader_page_query_count(
    client, talent_lead_a, leaders, django_assert_max_num_queries
):
    ceo, _, _ = leaders
    client.force_login(talent_lead_a)
    with django_assert_max_num_queries(14):
        client.get(reverse("leadership:leader-detail", args=[ceo.pk]))


def test_board_view_on_a_date(client, talent_lead_a, leaders):
    ceo, _, _ = leaders
    client.force_login(talent_lead_a)
    url = reverse("leadership:board-detail", args=[TRUST_A])
    board = client.get(url).context["board"]
    assert [m.person for m in board.members] == [ceo]
    assert {r.code for r in board.vacancies} == {
        "chair",
        "director-of-finance",
        "medical-director",
        "director-of-nursing",
    }
    assert ("medical", "Doctors") in board.groups_missing
    assert ("nursing", "Nurses") in board.groups_present
    earlier = client.get(url, {"on": "2015-06-01"}).context["board"]
    assert [m.role.code for m in earlier.members] == ["director-of-nursing"]
    bad = client.get(url, {"on": "31/02/2020"})
    assert bad.status_code == 200
    assert "Enter a real date" in bad.content.decode()


def test_board_shows_interims(client, talent_lead_a, leaders):
    client.force_login(talent_lead_a)
    board = client.get(reverse("leadership:board-detail", args=[TRUST_B])).context[
        "board"
    ]
    assert [m.contract_type for m in board.temporary] == ["interim"]


def test_csv_export_neutralises_formulas_and_excludes_demographics(
    client, talent_lead_a, leaders
):
    ceo, _, _ = leaders
    ceo.full_name = "=HYPERLINK(evil)"
    ceo.save(update_fields=["full_name"])
    client.force_login(talent_lead_a)
    response = client.get(reverse("leadership:leader-list"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:2] == ["external_ref", "full_name"]
    assert "sex" not in rows[0]
    assert any(r[1] == "'=HYPERLINK(evil)" for r in rows[1:])


def test_xlsx_export_for_national_admin_has_demographics(
    client, national_admin, leaders
):
    client.force_login(national_admin)
    response = client.get(
        reverse("leadership:leader-list"), {"export": "xlsx", "background": "clinical"}
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert "year_of_birth" in rows[0]
    assert [r[1] for r in rows[1:]] == ["Ada Nightingale"]


def test_api_leaders_hide_demographics_except_for_national_admin(
    talent_lead_a, national_admin, leaders
):
    ceo, _, _ = leaders
    api = APIClient()
    api.force_authenticate(talent_lead_a)
    body = api.get("/api/leadership/leaders/").json()
    assert "year_of_birth" not in body["results"][0]
    detail = api.get(f"/api/leadership/leaders/{ceo.pk}/").json()
    assert "sex" not in detail and len(detail["appointments"]) == 3
    api.force_authenticate(national_admin)
    assert api.get(f"/api/leadership/leaders/{ceo.pk}/").json()["year_of_birth"] == 1971


def test_api_board_and_statistics(talent_lead_a, leaders):
    api = APIClient()
    api.force_authenticate(talent_lead_a)
    board = api.get(f"/api/organisations/{TRUST_A}/board/").json()
    assert [m["full_name"] for m in board["members"]] == ["Ada Nightingale"]
    assert "medical" in board["professions_missing"]
    assert (
        api.get(f"/api/organisations/{TRUST_A}/board/", {"on": "nope"}).status_code
        == 400
    )
    stats = api.get("/api/leadership/statistics/", {"role": "chief-executive"}).json()
    assert stats["people_current"] == 1
    assert stats["current_clinicians_by_group"][0]["group"] == "nursing"
    # Below national level the small-number rule applies for non-national users.
    local = api.get(
        "/api/leadership/statistics/", {"role": "chief-executive", "within": TRUST_A}
    ).json()
    assert local["people_current"] == "*"
    assert api.get("/api/leadership/statistics/", {"role": "nope"}).status_code == 400


def test_statistics_page(client, talent_lead_a, leaders):
    client.force_login(talent_lead_a)
    response = client.get(
        reverse("leadership:leader-statistics"), {"stat_role": "chief-executive"}
    )
    assert response.status_code == 200
    assert response.context["stats"]["people_current"] == 1


def test_posts_without_a_catalogue_role_are_named_by_grade(
    client, talent_lead_a, leaders
):
    from careers.models import Grade

    ceo, _, _ = leaders
    band = Grade.objects.get(scheme="afc", code="6")
    AppointmentFactory(
        person=ceo,
        role=None,
        grade=band,
        level=band.level,
        start_date=dt.date(1999, 1, 1),
        end_date=dt.date(2001, 1, 1),
        start_precision="year",
        end_precision="year",
    )
    client.force_login(talent_lead_a)
    html = client.get(
        reverse("leadership:leader-detail", args=[ceo.pk])
    ).content.decode()
    assert "Band 6" in html
    assert client.get(reverse("leadership:leader-list")).status_code == 200


def test_api_writes_are_for_national_admins_and_go_through_services(
    talent_lead_a, national_admin, leaders
):
    api = APIClient()
    api.force_authenticate(talent_lead_a)
    new = {
        "external_ref": "API-1",
        "full_name": "Dee Writer",
        "profession": "pharmacist",
    }
    denied = api.post("/api/leadership/leaders/", new, format="json")
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "permission_denied"

    api.force_authenticate(national_admin)
    created = api.post("/api/leadership/leaders/", new, format="json")
    assert created.status_code == 201
    person_id = created.json()["id"]
    post_body = {
        "person": person_id,
        "organisation": TRUST_A,
        "role": "chief-executive",
        "start_date": "2026-01-05",
        "end_date": "2025-01-01",
    }
    bad = api.post("/api/leadership/appointments/", post_body, format="json")
    assert bad.status_code == 400
    assert "end_date" in bad.json()["error"]["fields"]
    post_body["end_date"] = None
    ok = api.post("/api/leadership/appointments/", post_body, format="json")
    assert ok.status_code == 201
    assert ok.json()["board_seat"] == "executive" and ok.json()["level"] == 10
    # The new chief executive is now a leader in the directory.
    assert api.get(f"/api/leadership/leaders/{person_id}/").status_code == 200
    dup = api.post("/api/leadership/leaders/", new, format="json")
    assert dup.status_code == 400
