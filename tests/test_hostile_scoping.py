"""Hostile scoping sweep: reach another organisation's records through every door.

Every route the URL resolver knows is listed below, once: in ID_ROUTES (it takes the id
or code of a record that belongs to an organisation or a person), in LIST_ROUTES (it
lists or exports records) or in NOT_APPLICABLE (with the reason). A new route in none
of them fails `test_every_route_is_in_the_sweep`, so a door cannot be added untested.

Trust A is Manchester (R0A, North West); trust B is Guy's and St Thomas' (RJ1, London).
The users at A (every role, and a national admin whose membership is the North West
region only) guess B's ids and tamper with filters; every answer must be a 404 (or,
for a role the page is closed to anyway, the same answer an id that never existed
gets), and no list or export may name B's records, all of which carry MARK.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.roles import Role
from careers.models import AdviceRequest, CareerPlanStep, PathwayStep
from careers.models import Role as CatalogueRole
from careers.tests.factories import CareerPlanFactory
from conftest import TRUST_A, TRUST_B
from leadership.models import Organisation, Qualification, Registration
from leadership.tests.factories import AppointmentFactory, PersonFactory
from regulation.models import Regulator
from reports.builders import BUILDERS
from reports.models import ReportKind, ReportResult, ReportRun, WorkforceHeadcount
from reports.tests.factories import cell
from talent.models import EntryLevel, Nomination
from talent.tests.factories import (
    CohortFactory,
    DevelopmentActionFactory,
    TalentProfileFactory,
    TalentReviewFactory,
)

pytestmark = pytest.mark.django_db

MARK = "Otherorg"  # in the name or title of every record of trust B
MISSING = 987654321  # an id no record has
ACTORS = (
    "clinician",
    "talent_lead",
    "board_member",
    "content_editor",
    "regional_admin",
)


AS_OF = dt.date(2026, 6, 1)


def _quiet(percent: int, stage: str) -> None:
    """Progress callback for builders run outside a task."""


@dataclass
class World:
    """Records in trust A (the actors' own) and trust B (the other organisation)."""

    users: dict[str, User]
    a: dict[str, Any]
    b: dict[str, Any]


def _side(organisation: Organisation, region: str, label: str) -> dict[str, Any]:
    """One organisation's records, each named with `label`."""
    owner = User.objects.create_user(
        email=f"{label.lower()}.owner@example.nhs.uk", full_name=f"{label} Owner"
    )
    person = PersonFactory(full_name=f"{label} Person", user=owner)
    appointment = AppointmentFactory(person=person, organisation=organisation)
    cell(organisation.ods_code, "nursing", 2, 37)
    leader = AppointmentFactory(
        person=PersonFactory(full_name=f"Leader of {organisation.ods_code}"),
        organisation=organisation,
        role=CatalogueRole.objects.get(code="chief-executive"),
    ).person
    sponsor = AppointmentFactory(
        person=PersonFactory(full_name=f"{label} Sponsor"), organisation=organisation
    ).person
    profile = TalentProfileFactory(person=person, organisation=organisation)
    review = TalentReviewFactory(profile=profile, strengths=[], development_needs=[])
    action = DevelopmentActionFactory(profile=profile, title=f"{label} action")
    cohort = CohortFactory(
        region=Organisation.objects.get(ods_code=region), name=f"{label} cohort"
    )
    nomination = Nomination.objects.create(
        person=PersonFactory(full_name=f"{label} Nominee"),
        organisation=organisation,
        entry_level=EntryLevel.objects.get(code="emerging-leader"),
        statement=f"{label} statement",
    )
    AppointmentFactory(person=nomination.person, organisation=organisation)
    qualification = Qualification.objects.create(
        person=person, kind="masters", name=f"{label} MSc"
    )
    registration = Registration.objects.create(
        person=person,
        regulator=Regulator.objects.get(code="NMC"),
        registration_number=f"{label[:3]}123",
        status="registered",
    )
    run = ReportRun.objects.create(
        kind="workforce-summary",
        organisation=organisation,
        as_of=dt.date(2026, 1, 1),
        requested_by=owner,
    )
    results = [
        ReportResult.objects.create(
            kind=kind,
            organisation=organisation,
            as_of=AS_OF,
            run=run,
            result=BUILDERS[kind](scope=organisation, as_of=AS_OF, progress=_quiet),
            built_at=timezone.now(),
        )
        for kind in (ReportKind.CEILING, ReportKind.BOARD_DIVERSITY)
    ]
    headcount = WorkforceHeadcount.objects.filter(organisation=organisation).first()
    plan = CareerPlanFactory(owner=owner)
    CareerPlanStep.objects.create(
        plan=plan, position=1, step=PathwayStep.objects.order_by("pk").first()
    )
    advice = AdviceRequest.objects.create(requester=owner, topic="next_step")
    return {
        "organisation": organisation,
        "owner": owner,
        "person": person,
        "appointment": appointment,
        "leader": leader,
        "sponsor": sponsor,
        "profile": profile,
        "review": review,
        "action": action,
        "cohort": cohort,
        "nomination": nomination,
        "qualification": qualification,
        "registration": registration,
        "run": run,
        "result": results[0],
        "leader_post": leader.appointments.first(),
        "headcount": headcount,
        "plan": plan,
        "advice": advice,
    }


@pytest.fixture
def world(make_user) -> World:
    a = _side(Organisation.objects.get(ods_code=TRUST_A), "Y62", "Ours")
    b = _side(Organisation.objects.get(ods_code=TRUST_B), "Y56", MARK)
    users = {
        "clinician": a["owner"],
        "talent_lead": make_user("lead@example.nhs.uk", Role.TALENT_LEAD, TRUST_A),
        "board_member": make_user("board@example.nhs.uk", Role.BOARD_MEMBER, TRUST_A),
        "content_editor": make_user(
            "editor@example.nhs.uk", Role.CONTENT_EDITOR, TRUST_A
        ),
        "regional_admin": make_user(
            "region@example.nhs.uk", Role.NATIONAL_ADMIN, "Y62"
        ),
    }
    from accounts.models import Membership

    Membership.objects.create(
        user=a["owner"],
        role=Role.CLINICIAN,
        organisation=a["organisation"],
    )
    return World(users=users, a=a, b=b)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the registry ----------------------------------------------------------------------

Kwargs = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class IdRoute:
    """A route that takes a record's id or code: `kwargs(side)` builds its arguments
    for one side's record; `control` is the actor who opens side A's record, or `own`
    when that differs (so the route is known to work, and the 404 for B means
    something). `data(side A)` is the body sent: A's own ids, tampered into B's URL.
    `by_design` names actors who see every such record on purpose, with the reason."""

    kwargs: Kwargs
    control: str
    methods: tuple[str, ...] = ("get",)
    data: Kwargs = lambda side: {}
    api: bool = False
    own: Kwargs | None = None
    by_design: tuple[str, ...] = ()


def _pk(key: str) -> Kwargs:
    return lambda side: {"pk": side[key].pk}


def _code(side: dict[str, Any]) -> dict[str, Any]:
    return {"ods_code": side["organisation"].ods_code}


ID_ROUTES: dict[str, IdRoute] = {
    # Leaders are a public directory; a person who is not a leader has no page.
    "leadership:leader-detail": IdRoute(
        _pk("person"), control="talent_lead", own=_pk("leader")
    ),
    "talent:succession": IdRoute(_code, control="talent_lead"),
    "talent:profile-detail": IdRoute(_pk("profile"), control="talent_lead"),
    "talent:review-create": IdRoute(
        _pk("profile"), control="talent_lead", methods=("get", "post")
    ),
    "talent:action-create": IdRoute(
        _pk("profile"), control="talent_lead", methods=("get", "post")
    ),
    "talent:profile-progress": IdRoute(
        _pk("profile"), control="talent_lead", methods=("post",)
    ),
    "talent:cohort-detail": IdRoute(
        _pk("cohort"), control="talent_lead", methods=("get", "post")
    ),
    "talent:nomination-decide": IdRoute(
        _pk("nomination"),
        control="talent_lead",
        methods=("post",),
        data=lambda side: {"decision": "decline"},
    ),
    "careers:plan-detail": IdRoute(
        _pk("plan"), control="clinician", methods=("get", "post")
    ),
    "careers:plan-step-mark": IdRoute(
        lambda side: {"pk": side["plan"].pk, "position": 1},
        control="clinician",
        methods=("post",),
    ),
    "careers:advice-detail": IdRoute(
        _pk("advice"),
        control="clinician",
        methods=("get", "post"),
        # Advisers of the national advisory service answer every clinician.
        by_design=("content_editor", "regional_admin"),
    ),
    "reports:dashboard": IdRoute(_code, control="board_member"),
    "reports:refresh": IdRoute(_code, control="board_member", methods=("post",)),
    "reports:progress": IdRoute(_code, control="board_member"),
    "reports:export": IdRoute(
        lambda side: {**_code(side), "kind": "board-diversity", "fmt": "csv"},
        control="board_member",
    ),
    # API
    "leader-detail": IdRoute(
        _pk("person"), control="talent_lead", api=True, own=_pk("leader")
    ),
    "appointment-detail": IdRoute(
        _pk("appointment"), control="talent_lead", api=True, own=_pk("leader_post")
    ),
    "talent-profile-detail": IdRoute(_pk("profile"), control="talent_lead", api=True),
    "talent-review-detail": IdRoute(_pk("review"), control="talent_lead", api=True),
    "talent-action-detail": IdRoute(
        _pk("action"),
        control="talent_lead",
        methods=("get", "patch"),
        data=lambda side: {"title": "Tampered"},
        api=True,
    ),
    "talent-cohort-detail": IdRoute(_pk("cohort"), control="talent_lead", api=True),
    "talent-cohort-add-profiles": IdRoute(
        _pk("cohort"),
        control="talent_lead",
        methods=("post",),
        data=lambda side: {"profiles": [side["profile"].pk]},
        api=True,
    ),
    "report-run-detail": IdRoute(_pk("run"), control="board_member", api=True),
    "report-result-detail": IdRoute(_pk("result"), control="board_member", api=True),
}

# Lists and exports, each with the parameters a caller might tamper with.
TAMPER = {
    "organisation": TRUST_B,
    "region": "Y56",
    "within": "Y56",
    "host": TRUST_B,
    "q": "Person",
    "search": "Person",
}
LIST_ROUTES: dict[str, list[dict[str, str]]] = {
    "leadership:leader-list": [TAMPER, {**TAMPER, "export": "csv"}],
    "leadership:leader-statistics": [TAMPER],
    # Senior leaders' registrations: leaders are the public directory.
    "leadership:registrations-due": [TAMPER],
    "leadership:careers-compare": [TAMPER],
    "talent:dashboard": [TAMPER],
    "talent:equity": [TAMPER],
    "talent:outcomes": [TAMPER],
    "talent:succession-index": [TAMPER, {}],
    "talent:profile-list": [TAMPER, {**TAMPER, "format": "csv"}, {"format": "csv"}],
    "talent:cohort-list": [TAMPER],
    "talent:mine": [TAMPER],
    "talent:nominate": [TAMPER],
    "talent:nomination-list": [TAMPER],
    "careers:plan-list": [TAMPER],
    "careers:advice-list": [TAMPER],
    "reports:index": [TAMPER],
    # API
    "api-me": [TAMPER],
    "api-leader-statistics": [{**TAMPER, "role": "chief-executive"}],
    "leader-list": [TAMPER],
    "appointment-list": [{**TAMPER, "organisation__ods_code": TRUST_B}],
    "talent-profile-list": [TAMPER],
    "talent-profile-nine-box": [TAMPER],
    "talent-review-list": [{**TAMPER, "profile": "{b.profile.pk}"}],
    "talent-action-list": [{**TAMPER, "profile": "{b.profile.pk}"}],
    "talent-cohort-list": [TAMPER],
    "report-run-list": [TAMPER],
    "report-result-list": [TAMPER],
}

NOT_APPLICABLE: dict[str, str] = {
    "home": "start page; lists only the user's own memberships",
    "accounts:login": "sign-in form, no records",
    "accounts:logout": "sign-out",
    "accounts:my-account": "the signed-in user's own account only",
    "accounts:password_reset": "form; never says whether an address exists",
    "accounts:password_reset_done": "confirmation text",
    "accounts:password_reset_confirm": "signed token, not an id",
    "accounts:password_reset_complete": "confirmation text",
    "leadership:organisation-list": "NHS organisations are public reference data",
    "leadership:organisation-detail": "NHS organisations are public reference data",
    "leadership:board-detail": "trust boards are public",
    "leadership:leader-import": "national admins' upload form; writes only",
    "leadership:careers-role-routes": "catalogue role code; figures suppressed",
    "careers:index": "published careers content",
    "careers:role-list": "published catalogue",
    "careers:role-detail": "published catalogue (slug)",
    "careers:pathway-list": "published content",
    "careers:pathway-detail": "published content (slug)",
    "careers:programme-list": "published content",
    "careers:case-study-list": "published content",
    "careers:case-study-detail": "published content (slug)",
    "careers:search": "published content",
    "careers:plan-new": "form for the user's own new plan",
    "careers:checker": "regulators' rules, no records",
    "careers:advice-queue": "the national advisory service: advisers see every "
    "request by design (content editors and national admins)",
    "regulation:regulator-list": "public regulators' rules",
    "regulation:regulator-detail": "public regulators' rules (code)",
    "regulation:article-list": "published guidance",
    "regulation:article-detail": "published guidance (slug)",
    "regulation:return-to-practice": "published guidance",
    "organisation-list": "API: NHS organisations are public reference data",
    "organisation-detail": "API: NHS organisations are public reference data",
    "organisation-board": "API: trust boards are public",
    "api-root": "API index of links",
    "api-schema": "OpenAPI document",
    "api-docs": "Swagger UI",
    "healthz": "probe",
    "readyz": "probe",
}


def _route_names() -> Iterator[str]:
    """Every named route outside the admin, with its namespace."""

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = pattern.namespace or namespace
                if namespace and pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"unnamed route {pattern.pattern}"
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return walk(get_resolver().url_patterns, None)


def test_every_route_is_in_the_sweep():
    names = set(_route_names())
    listed = set(ID_ROUTES) | set(LIST_ROUTES) | set(NOT_APPLICABLE)
    assert names - listed == set(), "routes without a scoping test"
    assert listed - names == set(), "registry names routes that no longer exist"
    assert not set(ID_ROUTES) & set(NOT_APPLICABLE)
    assert len(names) >= 85


# --- ids -------------------------------------------------------------------------------


def _send(client: Any, method: str, url: str, data: dict[str, Any], api: bool):
    if api:
        return getattr(client, method)(url, data, format="json")
    return getattr(client, method)(url, data)


def _missing(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (MISSING if k == "pk" else "NOPE" if k == "ods_code" else v)
        for k, v in kwargs.items()
    }


@pytest.mark.parametrize("name", sorted(ID_ROUTES))
def test_another_organisations_id_answers_404_on_every_route(world, name):
    route = ID_ROUTES[name]
    data = route.data(world.a)
    own = reverse(name, kwargs=(route.own or route.kwargs)(world.a))
    control = _api(world.users[route.control]) if route.api else None
    control = control or _client(world.users[route.control])
    opened = _send(control, route.methods[0], own, data, route.api)
    assert opened.status_code in (200, 201, 302), (name, opened.status_code)

    other = reverse(name, kwargs=route.kwargs(world.b))
    missing = reverse(name, kwargs=_missing(route.kwargs(world.b)))
    for actor in ACTORS:
        if actor in route.by_design:
            continue
        client = _api(world.users[actor]) if route.api else _client(world.users[actor])
        for method in route.methods:
            answer = _send(client, method, other, data, route.api)
            absent = _send(client, method, missing, data, route.api)
            where = (name, actor, method)
            assert answer.status_code == absent.status_code, where
            assert answer.status_code in (403, 404), (*where, answer.status_code)
            if actor == route.control:
                assert answer.status_code == 404, where
            assert MARK not in answer.content.decode(errors="replace"), where


# --- lists and exports -----------------------------------------------------------------


def _params(params: dict[str, str], world: World) -> dict[str, str]:
    return {k: v.format(b=_Attr(world.b)) for k, v in params.items()}


class _Attr:
    """Lets "{b.profile.pk}" in a parameter name a record of trust B."""

    def __init__(self, side: dict[str, Any]) -> None:
        self._side = side

    def __getattr__(self, name: str) -> Any:
        return self._side[name]


def _content(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("name", sorted(LIST_ROUTES))
def test_lists_and_exports_never_show_another_organisations_records(world, name):
    url = reverse(name)
    api = ":" not in name
    opened = 0
    for actor in ACTORS:
        user = world.users[actor]
        client = _api(user) if api else _client(user)
        for params in LIST_ROUTES[name]:
            response = client.get(url, _params(params, world), follow=True)
            assert response.status_code < 500, (name, actor, params)
            assert MARK not in _content(response), (name, actor, params)
            opened += response.status_code == 200
    assert opened, f"{name} opened for nobody: the sweep would prove nothing"


# --- ids in bodies and foreign keys -------------------------------------------------------


def _field_error(response: Any, name: str) -> bool:
    return response.status_code == 400 and name in response.json()["error"]["fields"]


def test_talent_api_refuses_another_organisations_people_in_a_new_profile(world):
    api = _api(world.users["talent_lead"])
    body = {
        "person": world.a["sponsor"].pk,
        "organisation": TRUST_A,
        "entry_level": "emerging-leader",
        "identified_by": "line_manager",
        "joined_on": "2026-01-05",
    }
    for name in ("person", "sponsor", "mentor"):
        tampered = {**body, name: world.b["sponsor"].pk}
        response = api.post("/api/talent/profiles/", tampered, format="json")
        assert _field_error(response, name), (name, response.json())
        # Told apart from an id that does not exist? No: the same answer.
        absent = api.post(
            "/api/talent/profiles/", {**body, name: MISSING}, format="json"
        )
        codes = response.json()["error"]["fields"][name]
        assert codes[0]["code"] == absent.json()["error"]["fields"][name][0]["code"]
    # Our own people are accepted, so the refusals above are about scope.
    created = api.post(
        "/api/talent/profiles/",
        {**body, "sponsor": world.a["leader"].pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["sponsor"] == world.a["leader"].pk


def test_talent_api_refuses_another_organisations_profile_owner_and_reviewer(world):
    api = _api(world.users["talent_lead"])
    action = {
        "profile": world.a["profile"].pk,
        "kind": "project",
        "title": "Lead the audit",
        "due_on": "2030-01-01",
    }
    refused = api.post(
        "/api/talent/actions/", {**action, "owner": world.b["person"].pk}, format="json"
    )
    assert _field_error(refused, "owner"), refused.json()
    refused = api.post(
        "/api/talent/actions/",
        {**action, "profile": world.b["profile"].pk},
        format="json",
    )
    assert _field_error(refused, "profile"), refused.json()
    created = api.post("/api/talent/actions/", action, format="json")
    assert created.status_code == 201, created.json()
    patched = api.patch(
        f"/api/talent/actions/{created.json()['id']}/",
        {"owner": world.b["person"].pk},
        format="json",
    )
    assert _field_error(patched, "owner"), patched.json()

    review = {
        "profile": world.a["profile"].pk,
        "reviewed_on": "2026-02-01",
        "performance": 2,
        "potential": 3,
        "readiness": "1-2",
    }
    other_lead = User.objects.create_user(email="lead.b@example.nhs.uk")
    from accounts.models import Membership

    Membership.objects.create(
        user=other_lead, role=Role.TALENT_LEAD, organisation=world.b["organisation"]
    )
    refused = api.post(
        "/api/talent/reviews/", {**review, "reviewer": other_lead.pk}, format="json"
    )
    assert _field_error(refused, "reviewer"), refused.json()
    absent = api.post(
        "/api/talent/reviews/", {**review, "reviewer": MISSING}, format="json"
    )
    assert refused.json() == absent.json()
    refused = api.post(
        "/api/talent/reviews/",
        {**review, "profile": world.b["profile"].pk},
        format="json",
    )
    assert _field_error(refused, "profile"), refused.json()
    recorded = api.post("/api/talent/reviews/", review, format="json")
    assert recorded.status_code == 201, recorded.json()


def test_cohort_and_report_writes_refuse_another_organisations_ids(world):
    api = _api(world.users["talent_lead"])
    cohort = world.a["cohort"]
    refused = api.post(
        f"/api/talent/cohorts/{cohort.pk}/add-profiles/",
        {"profiles": [world.b["profile"].pk]},
        format="json",
    )
    assert refused.status_code == 400
    assert not cohort.memberships.exists()
    refused = api.post(
        "/api/talent/cohorts/",
        {
            "name": "Tampered",
            "programme": "P",
            "region": "Y56",
            "year": 2026,
            "starts_on": "2026-09-01",
        },
        format="json",
    )
    assert _field_error(refused, "region")
    # The cohort page's bulk-add form too.
    page = _client(world.users["talent_lead"])
    page.post(
        reverse("talent:cohort-detail", args=[cohort.pk]),
        {"profiles": [world.b["profile"].pk]},
    )
    assert not cohort.memberships.exists()
    board = _api(world.users["board_member"])
    refused = board.post(
        "/api/reports/runs/",
        {"kind": "ceiling", "organisation": TRUST_B},
        format="json",
    )
    assert _field_error(refused, "organisation")
