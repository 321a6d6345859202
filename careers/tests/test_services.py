"""Publishing rules, career plans and the advisory workflow (with email)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role as UserRole
from careers import services
from careers.models import (
    AdviceStatus,
    CaseStudy,
    Pathway,
    PathwayStep,
    Profession,
    PublishStatus,
    Role,
)
from careers.tests.factories import CareerPlanFactory, PathwayStepFactory, RoleFactory
from conftest import TRUST_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user):
    return make_user("editor@example.nhs.uk", UserRole.CONTENT_EDITOR, "ENG")


@pytest.fixture
def clinician(make_user):
    return make_user("nurse@example.nhs.uk", UserRole.CLINICIAN, TRUST_A)


@pytest.fixture
def draft_pathway():
    pathway = Pathway.objects.get(code="other-clinical")
    pathway.status = PublishStatus.DRAFT
    pathway.save()
    return pathway


def test_pathway_with_a_step_to_an_unpublished_role_cannot_be_published(
    editor, draft_pathway
):
    draft_role = RoleFactory(name="Head of optometry")
    PathwayStepFactory(
        pathway=draft_pathway,
        from_role=Role.objects.get(code="specialist-optometrist"),
        to_role=draft_role,
    )
    with pytest.raises(ValidationError) as err:
        services.content_publish(obj=draft_pathway, user=editor)
    assert err.value.error_list[0].code == "broken_links"
    assert "unpublished role Head of optometry" in err.value.messages[0]
    draft_pathway.refresh_from_db()
    assert draft_pathway.status == PublishStatus.DRAFT

    services.content_publish(obj=draft_role, user=editor)
    services.content_publish(obj=draft_pathway, user=editor)
    draft_pathway.refresh_from_db()
    assert draft_pathway.status == PublishStatus.PUBLISHED
    assert draft_pathway.reviewed_on is not None


def test_pathway_pointing_to_a_draft_programme_cannot_be_published(
    editor, draft_pathway
):
    step = draft_pathway.steps.first()
    programme = (
        step.programmes.first()
        or step.pathway.steps.exclude(programmes=None).first().programmes.first()
    )
    step.programmes.add(programme)
    programme.status = PublishStatus.DRAFT
    programme.save()
    with pytest.raises(ValidationError) as err:
        services.content_publish(obj=draft_pathway, user=editor)
    assert "unpublished programme" in err.value.messages[0]


def test_case_study_on_a_draft_pathway_cannot_be_published(editor, draft_pathway):
    case = CaseStudy.objects.get(slug="optometrist-clinical-lead")
    case.status = PublishStatus.DRAFT
    case.save()
    with pytest.raises(ValidationError) as err:
        services.content_publish(obj=case, user=editor)
    assert "unpublished pathway" in err.value.messages[0]


def test_role_used_by_a_published_pathway_cannot_be_unpublished(editor):
    with pytest.raises(ValidationError) as err:
        services.content_unpublish(obj=Role.objects.get(code="matron"), user=editor)
    assert err.value.error_list[0].code == "content_in_use"
    role = RoleFactory(status=PublishStatus.PUBLISHED)
    services.content_unpublish(obj=role, user=editor)
    assert Role.objects.get(pk=role.pk).status == PublishStatus.DRAFT


def test_clinician_cannot_publish(clinician):
    with pytest.raises(PermissionDenied):
        services.content_publish(obj=RoleFactory(), user=clinician)


def test_plan_saves_a_route_that_chains_from_current_to_target(clinician):
    steps = PathwayStep.objects.filter(pathway__code="nurses")
    a = steps.get(from_role__code="ward-manager", to_role__code="matron")
    b = steps.get(from_role__code="matron", to_role__code="head-of-nursing")
    plan = services.career_plan_create(
        owner=clinician,
        profession=Profession.objects.get(code="nursing"),
        current_role=a.from_role,
        target_role=b.to_role,
        step_ids=[a.pk, b.pk],
    )
    assert [s.step_id for s in plan.steps.all()] == [a.pk, b.pk]
    with pytest.raises(ValidationError) as err:
        services.career_plan_create(
            owner=clinician,
            profession=Profession.objects.get(code="nursing"),
            current_role=a.from_role,
            target_role=b.to_role,
            step_ids=[b.pk, a.pk],
        )
    assert err.value.error_list[0].code == "route_broken"


def test_plan_step_tick_off_by_owner_only(clinician, make_user):
    plan = CareerPlanFactory(owner=clinician)
    step = PathwayStep.objects.get(
        pathway__code="nurses", from_role__code="ward-manager", to_role__code="matron"
    )
    plan.steps.create(position=1, step=step)
    done = services.career_plan_step_mark(
        plan=plan, position=1, done=True, user=clinician
    )
    assert done.done and done.done_on is not None
    other = make_user("other@example.nhs.uk", UserRole.CLINICIAN, TRUST_A)
    with pytest.raises(PermissionDenied):
        services.career_plan_step_mark(plan=plan, position=1, done=False, user=other)


def test_sharing_a_plan_emails_the_mentor_and_opens_an_advice_request(
    clinician, editor, django_capture_on_commit_callbacks
):
    plan = CareerPlanFactory(owner=clinician)
    with django_capture_on_commit_callbacks(execute=True):
        services.career_plan_share(
            plan=plan,
            user=clinician,
            mentor_email="mentor@example.nhs.uk",
            with_advisers=True,
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "editor@example.nhs.uk",
        "mentor@example.nhs.uk",
    ]
    assert plan.advice_requests.count() == 1
    with pytest.raises(ValidationError):
        services.career_plan_share(plan=plan, user=clinician)


def test_advisory_workflow_with_email(
    clinician, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.advice_request_create(
            requester=clinician,
            topic="return_to_practice",
            question="How do I return to the wards after 6 years as a director?",
            current_role=Role.objects.get(code="director-of-nursing"),
        )
    assert request.status == AdviceStatus.OPEN
    assert [m.to for m in mail.outbox] == [["editor@example.nhs.uk"]]

    with django_capture_on_commit_callbacks(execute=True):
        services.advice_reply(
            request=request, author=editor, body="Start with the NMC."
        )
    request.refresh_from_db()
    assert request.status == AdviceStatus.ANSWERED
    assert request.adviser == editor
    assert mail.outbox[-1].to == ["nurse@example.nhs.uk"]

    with django_capture_on_commit_callbacks(execute=True):
        services.advice_reply(request=request, author=clinician, body="Thank you.")
    request.refresh_from_db()
    assert request.status == AdviceStatus.OPEN
    assert mail.outbox[-1].to == ["editor@example.nhs.uk"]
    assert [m.from_adviser for m in request.messages.all()] == [False, True, False]

    services.advice_close(request=request, user=clinician)
    with pytest.raises(ValidationError) as err:
        services.advice_reply(request=request, author=editor, body="One more thing")
    assert err.value.error_list[0].code == "advice_closed"


def test_another_clinician_cannot_reply_or_close(clinician, make_user):
    request = services.advice_request_create(
        requester=clinician, topic="other", question="Where do I start?"
    )
    other = make_user("other@example.nhs.uk", UserRole.CLINICIAN, TRUST_A)
    with pytest.raises(PermissionDenied):
        services.advice_reply(request=request, author=other, body="Hi")
    with pytest.raises(PermissionDenied):
        services.advice_close(request=request, user=other)


def test_empty_question_is_rejected(clinician):
    with pytest.raises(ValidationError) as err:
        services.advice_request_create(requester=clinician, topic="other", question=" ")
    assert err.value.error_dict["question"][0].code == "required"
