"""The pages a clinician sees: content, forms with errors beside the field, query counts."""

import datetime as dt

import pytest

from accounts.roles import Role as UserRole
from careers.models import CaseStudy, Profession, PublishStatus, Role
from careers.tests.factories import RoleFactory
from conftest import TRUST_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinician(make_user):
    return make_user("nurse@example.nhs.uk", UserRole.CLINICIAN, TRUST_A)


@pytest.fixture
def editor(make_user):
    return make_user("editor@example.nhs.uk", UserRole.CONTENT_EDITOR, "ENG")


def pk(code: str) -> int:
    return Role.objects.get(code=code).pk


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/careers/", "Pathways by profession"),
        ("/careers/roles/", "Role catalogue"),
        ("/careers/roles/medical-director/", "responsible officer"),
        ("/careers/pathways/", "Allied health professionals"),
        ("/careers/pathways/ahps/", "<svg"),
        ("/careers/programmes/", "Aspiring Chief Executive programme"),
        ("/careers/case-studies/", "Pharmacist to director of pharmacy"),
        ("/careers/case-studies/physiotherapist-to-chief-ahp/", "14%"),
        ("/careers/keep-my-registration/", "Keep my registration"),
        ("/careers/plan/", "Plan my career"),
        ("/careers/advice/", "Ask a question"),
        ("/careers/plans/", "no career plans"),
        ("/regulation/", "Health and Care Professions Council"),
        ("/regulation/NMC/", "450 practice hours"),
        ("/regulation/guidance/", "Returning to practice with the HCPC"),
        ("/regulation/guidance/hcpc-returning-to-practice/", "30 days"),
        ("/regulation/return-to-practice/", "Return to clinical practice"),
        ("/careers/compare/", "Compare roles"),
        ("/careers/roles/chief-executive/routes/", "Routes to chief executive"),
    ],
)
def test_clinician_pages_render(client, clinician, url, text):
    client.force_login(clinician)
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_pathway_page_draws_every_step_as_an_arrow_and_a_table_row(client, clinician):
    client.force_login(clinician)
    html = client.get("/careers/pathways/pharmacists/").content.decode()
    from careers.models import PathwayStep

    n = PathwayStep.objects.filter(pathway__code="pharmacists").count()
    assert html.count('marker-end="url(#arrow-') == n
    assert html.count('id="step-') == n


def test_drafts_are_hidden_from_clinicians_but_shown_to_editors(
    client, clinician, editor
):
    role = RoleFactory(name="Draft role", status=PublishStatus.DRAFT)
    client.force_login(clinician)
    assert client.get(f"/careers/roles/{role.code}/").status_code == 404
    assert "Draft role" not in client.get("/careers/roles/?q=Draft").content.decode()
    client.force_login(editor)
    assert client.get(f"/careers/roles/{role.code}/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/careers/roles/",
        "/careers/programmes/",
        "/careers/case-studies/",
        "/regulation/guidance/",
    ],
)
def test_list_pages_query_count_does_not_grow_with_rows(
    client, clinician, url, django_assert_max_num_queries
):
    client.force_login(clinician)
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(5):
        RoleFactory(status=PublishStatus.PUBLISHED)
    case = CaseStudy.objects.first()
    for i in range(5):
        case.pk = None
        case.slug = f"copy-{i}"
        case.save()
    with django_assert_max_num_queries(12):
        client.get(url)


def test_filters_survive_pagination(client, clinician):
    for _ in range(30):
        RoleFactory(status=PublishStatus.PUBLISHED, name="Zeta test role")
    client.force_login(clinician)
    response = client.get("/careers/roles/", {"q": "Zeta"})
    assert response.context["page_obj"].paginator.count == 30
    assert "q=Zeta&amp;page=2" in response.content.decode()


def test_plan_page_finds_routes_and_saves_one(client, clinician):
    client.force_login(clinician)
    nursing = Profession.objects.get(code="nursing").pk
    query = {
        "profession": nursing,
        "current_role": pk("ward-manager"),
        "target_role": pk("director-of-nursing"),
    }
    response = client.get("/careers/plan/", query)
    assert response.status_code == 200
    routes = response.context["routes"]
    assert routes[0]["route"].years == 14  # 3 + 3 + 3 + 2 + 3
    assert "Route back to clinical practice" in response.content.decode()
    response = client.post("/careers/plan/", {**query, "route": "0"})
    plan = clinician.career_plans.get()
    assert response.status_code == 302
    assert plan.steps.count() == 5


def test_target_below_current_level_with_no_route_is_an_error_beside_the_field(
    client, clinician
):
    client.force_login(clinician)
    response = client.get(
        "/careers/plan/",
        {
            "profession": Profession.objects.get(code="nursing").pk,
            "current_role": pk("matron"),
            "target_role": pk("staff-nurse"),
        },
    )
    html = response.content.decode()
    assert (
        response.context["form"]
        .errors["target_role"][0]
        .startswith("Staff nurse is below")
    )
    assert "nhsuk-error-summary" in html
    assert 'id="id_target_role-error"' in html or "nhsuk-error-message" in html


def test_target_below_current_level_with_a_return_route_is_allowed(client, clinician):
    client.force_login(clinician)
    response = client.get(
        "/careers/plan/",
        {
            "profession": Profession.objects.get(code="nursing").pk,
            "current_role": pk("director-of-nursing"),
            "target_role": pk("senior-staff-nurse"),
        },
    )
    assert not response.context["form"].errors
    assert response.context["routes"][0]["route"].years == 5


def checker_query(**extra):
    data = {
        "profession": Profession.objects.get(code="nursing").pk,
        "planned_role": pk("director-of-nursing"),
        "keeps_clinical": "no",
        "clinical_sessions": "",
        "revalidation_due": (dt.date.today() + dt.timedelta(days=200)).isoformat(),
    }
    data.update(extra)
    return data


def test_checker_answers_from_the_rules(client, clinician):
    client.force_login(clinician)
    response = client.get("/careers/keep-my-registration/", checker_query())
    html = response.content.decode()
    assert "Nursing and Midwifery Council" in html
    assert "counts towards keeping registration" in html
    assert (
        "https://www.nmc.org.uk/registration/returning-to-the-register/returning-to-practice/"
        in html
    )


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"revalidation_due": "2020-01-01"},
            "revalidation_due",
            "must be today or in the future",
        ),
        (
            {"keeps_clinical": "yes", "clinical_sessions": "11"},
            "clinical_sessions",
            "between 0 and 10",
        ),
        (
            {"keeps_clinical": "yes", "clinical_sessions": "-1"},
            "clinical_sessions",
            "between 0 and 10",
        ),
        (
            {"keeps_clinical": "yes", "clinical_sessions": "0"},
            "clinical_sessions",
            "from 1 to 10",
        ),
    ],
)
def test_checker_rejects_impossible_inputs_beside_the_field(
    client, clinician, extra, field, message
):
    client.force_login(clinician)
    response = client.get("/careers/keep-my-registration/", checker_query(**extra))
    assert message in response.context["form"].errors[field][0]
    assert response.context["result"] is None
    assert "nhsuk-error-summary" in response.content.decode()


def test_checker_page_query_count_is_bounded(
    client, clinician, django_assert_max_num_queries
):
    client.force_login(clinician)
    with django_assert_max_num_queries(14):
        client.get("/careers/keep-my-registration/", checker_query())


def test_return_to_practice_page_for_hcpc(client, clinician):
    client.force_login(clinician)
    from regulation.models import Regulator

    response = client.get(
        "/regulation/return-to-practice/",
        {"regulator": Regulator.objects.get(code="HCPC").pk, "years_out": "3"},
    )
    assert "30 days of updating (210 hours)" in response.content.decode()


def test_search_finds_content_of_every_kind(client, clinician):
    client.force_login(clinician)
    response = client.get("/careers/search/", {"q": "pharmacist"})
    kinds = {h.kind for h in response.context["hits"]}
    assert {"Role", "Pathway", "Case study", "Guidance"} <= kinds
    response = client.get("/careers/search/", {"q": "zzzznothing"})
    assert response.context["hits"] == []


def test_search_skips_drafts(client, clinician):
    CaseStudy.objects.filter(slug="optometrist-clinical-lead").update(status="draft")
    client.force_login(clinician)
    hits = client.get("/careers/search/", {"q": "optometrist"}).context["hits"]
    assert "Optometrist to eye-care clinical lead" not in [h.title for h in hits]


def test_advice_pages_and_queue(client, clinician, editor):
    client.force_login(clinician)
    response = client.post(
        "/careers/advice/", {"topic": "board", "question": "How do I become a NED?"}
    )
    assert response.status_code == 302
    assert client.get("/careers/advice/queue/").status_code == 404
    client.force_login(editor)
    queue = client.get("/careers/advice/queue/")
    assert "Board and non-executive roles" in queue.content.decode()
    detail = response.url
    client.post(detail, {"body": "Start with a committee role."})
    client.force_login(clinician)
    assert "Start with a committee role." in client.get(detail).content.decode()


def test_empty_advice_question_shows_an_error(client, clinician):
    client.force_login(clinician)
    response = client.post("/careers/advice/", {"topic": "board", "question": ""})
    assert response.context["form"].errors["question"] == ["Enter your question"]
