"""The only write paths for careers content, career plans and advice requests.

Every function is atomic, validates with full_clean and raises ValidationError with a
code. Email goes through Django's email backend after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import CONTENT_WRITERS
from accounts.scoping import has_role
from careers.models import (
    AdviceMessage,
    AdviceRequest,
    AdviceStatus,
    CareerPlan,
    CareerPlanStep,
    CaseStudy,
    Pathway,
    PathwayStep,
    Profession,
    Programme,
    PublishStatus,
    Role,
)

Content = Role | Pathway | CaseStudy | Programme


def is_adviser(user: Any) -> bool:
    """Content editors and national admins answer the advisory service."""
    return has_role(user, *CONTENT_WRITERS)


def _require_editor(user: Any) -> None:
    if not is_adviser(user):
        raise PermissionDenied("Only content editors and national admins may do this.")


# --- publishing ---------------------------------------------------------------------


def broken_links(obj: Content) -> list[str]:
    """Internal links from this content to unpublished content, as readable problems."""
    problems: list[str] = []
    published = PublishStatus.PUBLISHED
    if isinstance(obj, Pathway):
        steps = obj.steps.select_related("from_role", "to_role").prefetch_related(
            "programmes"
        )
        if not steps:
            problems.append("The pathway has no steps.")
        for step in steps:
            for role in (step.from_role, step.to_role):
                if role.status != published:
                    problems.append(
                        f"Step {step} points to the unpublished role {role}."
                    )
            for programme in step.programmes.all():
                if programme.status != published:
                    problems.append(
                        f"Step {step} points to the unpublished programme {programme}."
                    )
    elif isinstance(obj, CaseStudy):
        if obj.current_role.status != published:
            problems.append(f"The case study's role {obj.current_role} is unpublished.")
        for step in obj.steps.select_related("pathway", "from_role", "to_role"):
            if step.pathway.status != published:
                problems.append(
                    f"Step {step} belongs to the unpublished pathway {step.pathway}."
                )
            for role in (step.from_role, step.to_role):
                if role.status != published:
                    problems.append(
                        f"Step {step} points to the unpublished role {role}."
                    )
    return list(dict.fromkeys(problems))


@transaction.atomic
def content_publish(
    *, obj: Content, user: Any, reviewed_on: dt.date | None = None
) -> Content:
    """Publish content and stamp its review date; refuse if it links to drafts."""
    _require_editor(user)
    problems = broken_links(obj)
    if problems:
        raise ValidationError(
            [ValidationError(p, code="broken_links") for p in problems]
        )
    obj.status = PublishStatus.PUBLISHED
    obj.reviewed_on = reviewed_on or dt.date.today()
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def content_unpublish(*, obj: Content, user: Any) -> Content:
    """Return content to draft; refuse for a role or programme published content uses."""
    _require_editor(user)
    users: list[str] = []
    if isinstance(obj, Role):
        users = [
            str(p)
            for p in Pathway.objects.published()
            .filter(Q(steps__from_role=obj) | Q(steps__to_role=obj))
            .distinct()
        ]
    elif isinstance(obj, Programme):
        users = [
            str(p)
            for p in Pathway.objects.published()
            .filter(steps__programmes=obj)
            .distinct()
        ]
    elif isinstance(obj, Pathway):
        users = [
            str(c)
            for c in CaseStudy.objects.published().filter(steps__pathway=obj).distinct()
        ]
    if users:
        raise ValidationError(
            f"Published content links to it: {', '.join(sorted(users))}.",
            code="content_in_use",
        )
    obj.status = PublishStatus.DRAFT
    obj.full_clean()
    obj.save()
    return obj


# --- career plans -------------------------------------------------------------------


@transaction.atomic
def career_plan_create(
    *,
    owner: User,
    profession: Profession,
    current_role: Role,
    target_role: Role,
    step_ids: Iterable[int],
) -> CareerPlan:
    """Save a route as a plan; the steps must chain from the current to the target role."""
    ids = list(step_ids)
    steps = {s.pk: s for s in PathwayStep.objects.filter(pk__in=ids)}
    chain = [steps[i] for i in ids if i in steps]
    if len(chain) != len(ids) or not chain:
        raise ValidationError("Choose a route from the pathways.", code="route_unknown")
    at = current_role.pk
    for step in chain:
        if step.from_role_id != at:
            raise ValidationError("The steps do not form a route.", code="route_broken")
        at = step.to_role_id
    if at != target_role.pk:
        raise ValidationError(
            "The route does not reach the target role.", code="route_broken"
        )
    plan = CareerPlan(
        owner=owner,
        profession=profession,
        current_role=current_role,
        target_role=target_role,
    )
    plan.full_clean()
    plan.save()
    CareerPlanStep.objects.bulk_create(
        CareerPlanStep(plan=plan, position=i, step=step)
        for i, step in enumerate(chain, start=1)
    )
    return plan


def _own_plan(plan: CareerPlan, user: Any) -> None:
    if plan.owner_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the plan's owner may change it.")


@transaction.atomic
def career_plan_step_mark(
    *, plan: CareerPlan, position: int, done: bool, user: Any
) -> CareerPlanStep:
    """Tick a step off (or untick it)."""
    _own_plan(plan, user)
    step = CareerPlanStep.objects.select_for_update().get(plan=plan, position=position)
    step.done = done
    step.done_on = dt.date.today() if done else None
    step.full_clean()
    step.save(update_fields=["done", "done_on"])
    plan.save(update_fields=["updated_at"])
    return step


@transaction.atomic
def career_plan_share(
    *, plan: CareerPlan, user: Any, mentor_email: str = "", with_advisers: bool = False
) -> CareerPlan:
    """Share a plan with a mentor by email and/or with the advisory service."""
    _own_plan(plan, user)
    if not mentor_email and not with_advisers:
        raise ValidationError(
            "Give a mentor's email or choose the advisory service.", code="share_nobody"
        )
    if mentor_email:
        plan.mentor_email = mentor_email
    plan.full_clean()
    plan.save()
    if mentor_email:
        summary = plan_summary(plan)
        transaction.on_commit(
            lambda: send_mail(
                f"{user.get_full_name()} shared a career plan with you",
                summary,
                settings.DEFAULT_FROM_EMAIL,
                [mentor_email],
            )
        )
    if with_advisers and not plan.shared_with_advisers:
        plan.shared_with_advisers = True
        plan.save(update_fields=["shared_with_advisers"])
        advice_request_create(
            requester=user,
            topic="next_step",
            question="Please look at my career plan and tell me what you think.\n\n"
            + plan_summary(plan),
            current_role=plan.current_role,
            target_role=plan.target_role,
            plan=plan,
        )
    return plan


def plan_summary(plan: CareerPlan) -> str:
    """The plan as plain text, for email."""
    lines = [f"From {plan.current_role} to {plan.target_role}:"]
    for ps in plan.steps.select_related("step__from_role", "step__to_role"):
        mark = "[x]" if ps.done else "[ ]"
        lines.append(f"{mark} {ps.position}. {ps.step.from_role} to {ps.step.to_role}")
    return "\n".join(lines)


# --- advisory service ---------------------------------------------------------------


def adviser_emails() -> list[str]:
    return list(
        User.objects.filter(memberships__role__in=CONTENT_WRITERS, is_active=True)
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )


def _notify(subject: str, body: str, to: list[str]) -> None:
    if to:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        )


@transaction.atomic
def advice_request_create(
    *,
    requester: User,
    topic: str,
    question: str,
    current_role: Role | None = None,
    target_role: Role | None = None,
    plan: CareerPlan | None = None,
) -> AdviceRequest:
    """Open a request with its first message and tell the advisers."""
    if not question.strip():
        raise ValidationError(
            {"question": ValidationError("Enter your question.", code="required")}
        )
    request = AdviceRequest(
        requester=requester,
        topic=topic,
        current_role=current_role,
        target_role=target_role,
        plan=plan,
    )
    request.full_clean()
    request.save()
    AdviceMessage.objects.create(request=request, author=requester, body=question)
    _notify(
        f"New career advice request: {request.get_topic_display()}",
        f"{requester.get_full_name()} asked:\n\n{question}",
        adviser_emails(),
    )
    return request


@transaction.atomic
def advice_reply(*, request: AdviceRequest, author: User, body: str) -> AdviceMessage:
    """Add a message; an adviser's reply answers the request and emails the clinician."""
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    adviser = is_adviser(author)
    if not adviser and author.pk != request.requester_id:
        raise PermissionDenied("This is not your advice request.")
    if request.status == AdviceStatus.CLOSED:
        raise ValidationError("This request is closed.", code="advice_closed")
    if not body.strip():
        raise ValidationError(
            {"body": ValidationError("Enter a message.", code="required")}
        )
    message = AdviceMessage.objects.create(
        request=request, author=author, body=body, from_adviser=adviser
    )
    if adviser:
        request.status = AdviceStatus.ANSWERED
        request.adviser = author
        _notify(
            "An adviser replied to your career advice request",
            f"{author.get_full_name()} wrote:\n\n{body}",
            [request.requester.email],
        )
    else:
        request.status = AdviceStatus.OPEN
        to = [request.adviser.email] if request.adviser_id else adviser_emails()
        _notify("A clinician replied to a career advice request", body, to)
    request.save(update_fields=["status", "adviser"])
    return message


@transaction.atomic
def advice_close(*, request: AdviceRequest, user: User) -> AdviceRequest:
    """Close a request (its clinician or an adviser)."""
    if not is_adviser(user) and user.pk != request.requester_id:
        raise PermissionDenied("This is not your advice request.")
    request.status = AdviceStatus.CLOSED
    request.closed_at = timezone.now()
    request.full_clean()
    request.save(update_fields=["status", "closed_at"])
    return request
