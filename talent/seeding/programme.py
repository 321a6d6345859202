"""Synthetic programme activity for the demo: cohorts, talent reviews, development plans.

Written a chunk of profiles at a time with bulk inserts (about three reviews and one
action per profile, so the national scale holds ~300,000 reviews). A profile's reviews
walk across the nine-box grid from joining to today, so movement shows; readiness
follows the box. Each region has one seeded talent lead, who is an eligible reviewer
for every profile beneath it. Its own random stream, so the people are unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from accounts.models import Membership, User
from accounts.roles import Role
from leadership.models import Organisation
from leadership.seeding import add_days, rng_for, today, weighted
from talent.models import (
    ActionKind,
    ActionStatus,
    Cohort,
    CohortMembership,
    DevelopmentAction,
    LeadershipDimension,
    Readiness,
    TalentProfile,
    TalentReview,
)

BATCH = 5000
SEED_REVIEWER_DOMAIN = "seed.demo.nhs.uk"
PROGRAMMES = ("Rosalind Franklin", "Elizabeth Garrett Anderson", "Aspiring directors")
REVIEW_COUNTS = {"0": 8, "1": 11, "2": 19, "3": 22, "4": 20, "5": 12, "6": 8}
ACTION_COUNTS = {"0": 30, "1": 40, "2": 20, "3": 10}
ACTION_KINDS = {
    ActionKind.STRETCH: 14,
    ActionKind.PROJECT: 16,
    ActionKind.ACTING_UP: 10,
    ActionKind.SHADOWING: 10,
    ActionKind.SECONDMENT: 6,
    ActionKind.COACHING: 12,
    ActionKind.MENTORING: 12,
    ActionKind.ACTION_LEARNING: 10,
    ActionKind.FORMAL_PROGRAMME: 10,
}
DIMENSIONS = list(LeadershipDimension.values)
TITLES = {
    ActionKind.STRETCH: (
        "Lead the winter flow review",
        "Chair the safety huddle redesign",
    ),
    ActionKind.PROJECT: (
        "Discharge pathway improvement project",
        "Rota redesign project",
    ),
    ActionKind.ACTING_UP: ("Acting head of service", "Portfolio lead for workforce"),
    ActionKind.SHADOWING: ("Shadow the chief nurse", "Shadow the medical director"),
    ActionKind.SECONDMENT: (
        "Secondment to a system role",
        "Rotation to a partner trust",
    ),
    ActionKind.COACHING: ("Executive coaching", "Coaching for a first senior role"),
    ActionKind.MENTORING: ("Mentoring with a board member", "Reverse mentoring"),
    ActionKind.ACTION_LEARNING: ("Regional action learning set",),
    ActionKind.FORMAL_PROGRAMME: (
        "Rosalind Franklin programme",
        "MSc Healthcare Leadership",
    ),
}
NOTES = (
    "Strong at bringing the team with them; next step is leading across services.",
    "Needs more exposure to finance and board papers before an acting-up role.",
    "Would benefit from a secondment to a system-level role.",
    "Consistently exceeds on delivery; potential still to be tested.",
)


@dataclass
class ProgrammeSeedResult:
    cohorts: int = 0
    memberships: int = 0
    reviews: int = 0
    actions: int = 0


def _region_path(path: str) -> str:
    """ "/ENG/Y62/QOP/R0A/" -> "/ENG/Y62/" (a body directly under the nation: itself)."""
    parts = [p for p in path.split("/") if p]
    return "/" + "/".join(parts[:2]) + "/" if len(parts) >= 2 else path


def seed_reviewers(organisations: Sequence[Organisation]) -> dict[str, User]:
    """One talent-lead user per region (re-runnable), keyed by the region's path."""
    paths = sorted({_region_path(o.path) for o in organisations})
    regions = Organisation.objects.filter(path__in=paths)
    reviewers: dict[str, User] = {}
    password = make_password(None)  # unusable: these users never sign in
    for region in regions:
        email = f"talent.lead.{region.ods_code.lower()}@{SEED_REVIEWER_DOMAIN}"
        user, _ = User.objects.get_or_create(
            email=email,
            defaults={"full_name": f"{region.name} talent lead", "password": password},
        )
        Membership.objects.get_or_create(
            user=user, organisation=region, role=Role.TALENT_LEAD
        )
        reviewers[region.path] = user
    return reviewers


class ProgrammeSeeder:
    """Add cohorts, reviews and actions to profiles as each chunk is written."""

    def __init__(self, seed: int, organisations: Sequence[Organisation]) -> None:
        self.rng = rng_for(seed, "talent-programme")
        self.today = today()
        self.orgs = list(organisations)
        self.reviewers = seed_reviewers(self.orgs)
        self.by_region: dict[str, list[int]] = {}
        for org in self.orgs:
            self.by_region.setdefault(_region_path(org.path), []).append(org.pk)
        self.result = ProgrammeSeedResult()
        self.cohorts = self._cohorts()

    def _cohorts(self) -> dict[tuple[str, int], list[Cohort]]:
        """Three programmes a year for the last four years in each region."""
        regions = Organisation.objects.filter(path__in=list(self.reviewers))
        rows = []
        for region in regions:
            for year in range(self.today.year - 3, self.today.year + 1):
                for programme in PROGRAMMES:
                    rows.append(
                        Cohort(
                            name=f"{programme} {year}, {region.name}",
                            programme=programme,
                            region=region,
                            year=year,
                            starts_on=dt.date(year, 9, 1),
                            ends_on=dt.date(year + 1, 7, 31),
                        )
                    )
        existing = set(
            Cohort.objects.filter(region__in=regions).values_list(
                "programme", "region_id", "year"
            )
        )
        Cohort.objects.bulk_create(
            [c for c in rows if (c.programme, c.region_id, c.year) not in existing]
        )
        self.result.cohorts = len(rows) - len(existing)
        cohorts: dict[tuple[str, int], list[Cohort]] = {}
        for c in Cohort.objects.filter(region__in=regions).select_related("region"):
            cohorts.setdefault((c.region.path, c.year), []).append(c)
        return cohorts

    def _reviews(self, profile: TalentProfile, region: str) -> list[TalentReview]:
        rng = self.rng
        n = int(weighted(rng, REVIEW_COUNTS))
        span = (self.today - profile.joined_on).days
        if n == 0 or span < 30:
            return []
        days = sorted(rng.randint(0, span) for _ in range(n))
        performance, potential = rng.randint(1, 3), rng.randint(1, 3)
        reviewer = self.reviewers[region]
        rows = []
        for day in days:
            performance = min(3, max(1, performance + rng.choice((-1, 0, 0, 1))))
            potential = min(3, max(1, potential + rng.choice((-1, 0, 0, 0, 1))))
            box = (potential - 1) * 3 + performance
            readiness = (
                Readiness.READY_NOW
                if box == 9 or (box >= 6 and rng.random() < 0.4)
                else Readiness.ONE_TO_TWO
                if box >= 5
                else Readiness.THREE_PLUS
            )
            shared = rng.random() < 0.6
            rows.append(
                TalentReview(
                    profile_id=profile.pk,
                    reviewer=reviewer,
                    reviewed_on=add_days(profile.joined_on, day),
                    performance=performance,
                    potential=potential,
                    readiness=readiness,
                    strengths=sorted(rng.sample(DIMENSIONS, rng.randint(1, 3))),
                    development_needs=sorted(rng.sample(DIMENSIONS, rng.randint(1, 2))),
                    notes=rng.choice(NOTES),
                    notes_private=rng.random() < 0.5,
                    shared_with_clinician=shared,
                )
            )
        return rows

    def _actions(self, profile: TalentProfile, region: str) -> list[DevelopmentAction]:
        rng = self.rng
        rows = []
        for _ in range(int(weighted(rng, ACTION_COUNTS))):
            kind = weighted(rng, ACTION_KINDS)
            start = add_days(profile.joined_on, rng.uniform(0, 400))
            due = add_days(start, rng.uniform(60, 540))
            # Past due and still in progress is overdue: about one in five.
            status = weighted(
                rng,
                {
                    ActionStatus.DONE: 70,
                    ActionStatus.CANCELLED: 10,
                    ActionStatus.IN_PROGRESS: 20,
                }
                if due < self.today
                else {ActionStatus.PLANNED: 40, ActionStatus.IN_PROGRESS: 60},
            )
            host = None
            others = [o for o in self.by_region[region] if o != profile.organisation_id]
            if others and (
                kind == ActionKind.SECONDMENT
                or (
                    kind in (ActionKind.ACTING_UP, ActionKind.SHADOWING)
                    and rng.random() < 0.3
                )
            ):
                host = rng.choice(others)
            elif kind == ActionKind.SECONDMENT:
                kind = ActionKind.PROJECT
            rows.append(
                DevelopmentAction(
                    profile_id=profile.pk,
                    kind=kind,
                    title=rng.choice(TITLES[kind]),
                    owner_id=rng.choice(
                        [profile.person_id, profile.sponsor_id or profile.person_id]
                    ),
                    host_organisation_id=host,
                    starts_on=start,
                    due_on=due,
                    status=status,
                    outcome="Completed and reviewed with the sponsor."
                    if status == ActionStatus.DONE
                    else "",
                )
            )
        return rows

    def _membership(
        self, profile: TalentProfile, region: str
    ) -> CohortMembership | None:
        rng = self.rng
        if rng.random() > 0.45:
            return None
        year = min(max(profile.joined_on.year, self.today.year - 3), self.today.year)
        options = self.cohorts.get((region, year))
        if not options:
            return None
        cohort = rng.choice(options)
        return CohortMembership(
            cohort=cohort,
            profile_id=profile.pk,
            added_on=min(cohort.starts_on, self.today),
        )

    def add(self, profiles: Sequence[TalentProfile], org_paths: dict[int, str]) -> None:
        """Write reviews, actions and cohort places for freshly inserted profiles."""
        reviews: list[TalentReview] = []
        actions: list[DevelopmentAction] = []
        members: list[CohortMembership] = []
        for profile in profiles:
            region = _region_path(org_paths[profile.organisation_id])
            if region not in self.reviewers:
                continue
            reviews.extend(self._reviews(profile, region))
            actions.extend(self._actions(profile, region))
            if (member := self._membership(profile, region)) is not None:
                members.append(member)
        TalentReview.objects.bulk_create(reviews, batch_size=BATCH)
        DevelopmentAction.objects.bulk_create(actions, batch_size=BATCH)
        CohortMembership.objects.bulk_create(members, batch_size=BATCH)
        self.result.reviews += len(reviews)
        self.result.actions += len(actions)
        self.result.memberships += len(members)


def seed_demo_plan(profile: TalentProfile) -> None:
    """Give the demo clinician a history on the grid (some reviews shared with them,
    one with private notes), a development plan with a placement, and a cohort."""
    reviewer = seed_reviewers([profile.organisation])[
        _region_path(profile.organisation.path)
    ]
    now = today()
    for days_ago, perf, pot, ready, shared, private, note in (
        (
            700,
            2,
            1,
            Readiness.THREE_PLUS,
            False,
            True,
            "Early days: building confidence.",
        ),
        (330, 2, 2, Readiness.ONE_TO_TWO, True, True, "Private: watch workload."),
        (40, 3, 3, Readiness.READY_NOW, True, False, "Ready for an acting-up role."),
    ):
        TalentReview.objects.create(
            profile=profile,
            reviewer=reviewer,
            reviewed_on=max(profile.joined_on, now - dt.timedelta(days=days_ago)),
            performance=perf,
            potential=pot,
            readiness=ready,
            strengths=["engaging-the-team", "leading-with-care"],
            development_needs=["holding-to-account"],
            notes=note,
            notes_private=private,
            shared_with_clinician=shared,
        )
    host = (
        Organisation.objects.filter(
            path__startswith=_region_path(profile.organisation.path), kind="trust"
        )
        .exclude(pk=profile.organisation_id)
        .order_by("ods_code")
        .first()
    )
    DevelopmentAction.objects.bulk_create(
        [
            DevelopmentAction(
                profile=profile,
                kind=ActionKind.SECONDMENT if host else ActionKind.PROJECT,
                title="Six-month secondment as deputy head of nursing",
                host_organisation=host,
                owner_id=profile.sponsor_id,
                starts_on=now - dt.timedelta(days=30),
                due_on=now + dt.timedelta(days=150),
                status=ActionStatus.IN_PROGRESS,
            ),
            DevelopmentAction(
                profile=profile,
                kind=ActionKind.ACTION_LEARNING,
                title="Regional action learning set",
                owner_id=profile.person_id,
                starts_on=now - dt.timedelta(days=200),
                due_on=now - dt.timedelta(days=10),
                status=ActionStatus.IN_PROGRESS,
            ),
            DevelopmentAction(
                profile=profile,
                kind=ActionKind.COACHING,
                title="Coaching with an executive coach",
                owner_id=profile.mentor_id,
                starts_on=now - dt.timedelta(days=400),
                due_on=now - dt.timedelta(days=100),
                status=ActionStatus.DONE,
                outcome="Six sessions; a clearer plan for the next role.",
            ),
        ]
    )
