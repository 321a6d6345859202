"""Reads for careers pages and the API: published content for clinicians, drafts too
for content editors, always with the related rows prefetched."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.roles import CONTENT_WRITERS
from accounts.scoping import has_role
from careers.models import (
    AdviceMessage,
    AdviceRequest,
    CareerPlan,
    CaseStudy,
    Pathway,
    PathwayStep,
    Profession,
    Programme,
    PublishStatus,
    Role,
)
from regulation.checker import PlannedRole
from regulation.models import RegulatorRule, RuleKind


def can_edit(user: Any) -> bool:
    return has_role(user, *CONTENT_WRITERS)


def _visible(qs: QuerySet, user: Any) -> QuerySet:
    return qs if can_edit(user) else qs.filter(status=PublishStatus.PUBLISHED)


def role_list(*, user: Any) -> QuerySet[Role]:
    return _visible(Role.objects.select_related("level"), user)


def role_get(*, code: str, user: Any) -> Role:
    role = (
        role_list(user=user)
        .prefetch_related("typical_professions__regulator")
        .filter(code=code)
        .first()
    )
    if role is None:
        raise Http404("No such role.")
    return role


def _steps(user: Any) -> QuerySet[PathwayStep]:
    steps = PathwayStep.objects.select_related(
        "pathway", "from_role__level", "to_role__level"
    ).prefetch_related(
        Prefetch("programmes", queryset=_visible(Programme.objects.all(), user))
    )
    if not can_edit(user):
        steps = steps.filter(
            pathway__status=PublishStatus.PUBLISHED,
            from_role__status=PublishStatus.PUBLISHED,
            to_role__status=PublishStatus.PUBLISHED,
        )
    return steps


def role_steps(*, role: Role, user: Any) -> dict[str, list[PathwayStep]]:
    """Steps into and out of a role across every pathway (one query plus programmes)."""
    steps = list(
        _steps(user)
        .filter(Q(from_role=role) | Q(to_role=role))
        .order_by("pathway__title", "pk")
    )
    return {
        "into": [s for s in steps if s.to_role_id == role.pk],
        "out": [s for s in steps if s.from_role_id == role.pk],
    }


def pathway_list(*, user: Any) -> QuerySet[Pathway]:
    return _visible(Pathway.objects.annotate(step_count=Count("steps")), user).order_by(
        "title"
    )


def pathway_get(*, code: str, user: Any) -> tuple[Pathway, list[PathwayStep]]:
    pathway = _visible(Pathway.objects.all(), user).filter(code=code).first()
    if pathway is None:
        raise Http404("No such pathway.")
    steps = list(
        _steps(user)
        .filter(pathway=pathway)
        .order_by("from_role__level__rank", "to_role__level__rank", "pk")
    )
    return pathway, steps


def steps_by_ids(*, ids: list[int], user: Any) -> dict[int, PathwayStep]:
    return {s.pk: s for s in _steps(user).filter(pk__in=ids)}


def programme_list(*, user: Any) -> QuerySet[Programme]:
    return _visible(Programme.objects.select_related("entry_level"), user)


def case_study_list(*, user: Any) -> QuerySet[CaseStudy]:
    return _visible(
        CaseStudy.objects.select_related("profession", "current_role__level"), user
    )


def case_study_get(*, slug: str, user: Any) -> CaseStudy:
    case = (
        case_study_list(user=user)
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=_steps(user).order_by("from_role__level__rank", "pk"),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if case is None:
        raise Http404("No such case study.")
    return case


def case_studies_for_role(*, role: Role, user: Any) -> list[CaseStudy]:
    return list(
        case_study_list(user=user)
        .filter(Q(current_role=role) | Q(steps__to_role=role))
        .distinct()
        .order_by("title")
    )


def compare_roles(*, codes: list[str], user: Any) -> list[Role]:
    """Up to three roles with their typical professions and regulators, in the order asked."""
    roles = {
        r.code: r
        for r in role_list(user=user)
        .filter(code__in=codes[:3])
        .prefetch_related("typical_professions__regulator")
    }
    return [roles[c] for c in codes[:3] if c in roles]


def planned_role(role: Role, profession: Profession | None) -> PlannedRole:
    """Describe a catalogue role to the regulation checker (which cannot import careers).

    A role relies on the profession when it is a clinical post or is typically held by
    that profession; typical_professions must be prefetched or it costs one query.
    """
    relies = role.is_clinical_post or (
        profession is not None
        and any(p.pk == profession.pk for p in role.typical_professions.all())
    )
    return PlannedRole(
        code=role.code,
        name=role.name,
        relies_on_profession=relies,
        is_board=role.is_board,
    )


def regulator_implications(
    *, roles: list[Role], profession: Profession | None
) -> dict[int, list[str]]:
    """Per role, short regulator notes for a profession (or every typical profession).

    Reads every regulator rule once (one query) and decides in memory.
    """
    rules: dict[tuple[int, str], RegulatorRule] = {
        (r.regulator_id, r.kind): r
        for r in RegulatorRule.objects.filter(
            kind__in=[RuleKind.LICENCE, RuleKind.LEADERSHIP_PRACTICE]
        )
    }
    out: dict[int, list[str]] = {}
    for role in roles:
        notes: list[str] = []
        professions = (
            [profession] if profession else list(role.typical_professions.all())
        )
        seen: set[int] = set()
        for prof in professions:
            if prof.regulator_id is None or prof.regulator_id in seen:
                continue
            seen.add(prof.regulator_id)
            code = prof.regulator.code
            licence = rules.get((prof.regulator_id, RuleKind.LICENCE))
            if licence and role.code in licence.params.get("required_for_roles", []):
                notes.append(f"{code}: must keep a licence to practise.")
            elif licence and not role.clinical_work_usually_continues:
                notes.append(
                    f"{code}: the licence could be given up, keeping registration."
                )
            lead = rules.get((prof.regulator_id, RuleKind.LEADERSHIP_PRACTICE))
            if lead and lead.params.get("counts"):
                if lead.params.get("requires_profession_role") and not (
                    role.is_clinical_post
                    or any(
                        p.regulator_id == prof.regulator_id
                        for p in role.typical_professions.all()
                    )
                ):
                    notes.append(
                        f"{code}: hours in this role may not count as practice."
                    )
                else:
                    notes.append(
                        f"{code}: work in this role counts towards registration."
                    )
        out[role.pk] = notes
    return out


def plan_list(*, user: Any) -> QuerySet[CareerPlan]:
    return (
        CareerPlan.objects.filter(owner=user)
        .select_related("current_role", "target_role", "profession")
        .annotate(
            step_count=Count("steps"),
            done_count=Count("steps", filter=Q(steps__done=True)),
        )
        .order_by("-updated_at", "-pk")
    )


def plan_get(*, pk: int, user: Any) -> CareerPlan:
    """A plan for its owner, or for an adviser when it was shared with the service."""
    qs = CareerPlan.objects.select_related("current_role", "target_role", "profession")
    q = Q(owner=user)
    if can_edit(user):
        q |= Q(shared_with_advisers=True)
    plan = (
        qs.filter(q)
        .prefetch_related(
            Prefetch(
                "steps__step",
                queryset=PathwayStep.objects.select_related(
                    "from_role", "to_role"
                ).prefetch_related("programmes"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404("No such plan.")
    return plan


def advice_list(*, user: Any, queue: bool = False) -> QuerySet[AdviceRequest]:
    """A clinician's own requests, or (queue) every request for an adviser."""
    qs = AdviceRequest.objects.select_related(
        "requester", "adviser", "current_role", "target_role"
    ).annotate(message_count=Count("messages"))
    if queue and can_edit(user):
        return qs.order_by("status", "created_at", "pk")
    return qs.filter(requester=user).order_by("-created_at", "-pk")


def advice_get(*, pk: int, user: Any) -> AdviceRequest:
    qs = AdviceRequest.objects.select_related(
        "requester", "adviser", "current_role", "target_role", "plan"
    ).prefetch_related(
        Prefetch("messages", queryset=AdviceMessage.objects.select_related("author"))
    )
    if not can_edit(user):
        qs = qs.filter(requester=user)
    request = qs.filter(pk=pk).first()
    if request is None:
        raise Http404("No such request.")
    return request
