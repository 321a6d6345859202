"""Synthetic talent pool for the demo: clinicians with short timelines and a profile each.

Talent-pool clinicians are lighter Person rows (one to three posts) written in chunks
through the bulk services, so 100,000 profiles fit in memory and time. Entry levels
follow the person's current level, and sponsors and mentors are the organisation's own
senior leaders, as the programme intends (sponsorship is the enabler every chief
executive mentions).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from accounts.models import User
from careers.models import Role
from leadership.models import (
    Appointment,
    Organisation,
    OrganisationKind,
    Person,
    TrustType,
)
from leadership.seeding import (
    AHP_LEADS,
    DEMO_REF_PREFIX,
    LADDERS,
    SPECIALTIES,
    PersonPlan,
    PostPlan,
    Refs,
    Timeline,
    add_days,
    earlier_steps,
    ethnic_code,
    person_name,
    rng_for,
    today,
    weighted,
    write_people,
)
from leadership.services.people import appointment_create, person_create
from talent.models import EntryLevel, IdentifiedBy, ProfileStatus, TalentProfile
from talent.seeding.programme import ProgrammeSeeder, seed_demo_plan
from talent.services import talent_profile_create, talent_profiles_bulk_create

CHUNK = 5000
CLINICAL_MIX = {
    "nursing": 38,
    "medicine": 18,
    "midwifery": 5,
    "pharmacist": 5,
    "clinical-science": 3,
    "biomedical-science": 2,
    "practitioner-psychology": 4,
    "social-work": 2,
    **{k: v * 0.23 for k, v in AHP_LEADS.items()},
}
MIX_BY_TYPE = {
    TrustType.AMBULANCE: {
        "paramedic": 60,
        "nursing": 20,
        "medicine": 5,
        "pharmacist": 2,
    },
    TrustType.MENTAL_HEALTH: {
        "nursing": 40,
        "medicine": 15,
        "practitioner-psychology": 12,
        "occupational-therapy": 10,
        "social-work": 8,
        "pharmacist": 3,
        "art-therapy": 1,
    },
}
ICB_MIX = {"nursing": 30, "medicine": 20, "pharmacist": 20, "physiotherapy": 5}
LEVEL_MIX = {2: 12, 3: 25, 4: 27, 5: 18, 6: 10, 7: 5, 8: 3}
WOMEN = {
    "nursing": 0.89,
    "midwifery": 0.99,
    "medical": 0.50,
    "ahp": 0.75,
    "pharmacy": 0.62,
    "science": 0.60,
    "psychology": 0.82,
    "social_work": 0.80,
}
SIZE_WEIGHT = {
    TrustType.ACUTE: 1.0,
    TrustType.MENTAL_HEALTH: 0.6,
    TrustType.COMMUNITY: 0.5,
    TrustType.AMBULANCE: 0.5,
}


@dataclass(frozen=True)
class Facts:
    """What the profile needs to know about a planned talent-pool clinician."""

    org: Organisation
    rank: int
    track: str
    start: dt.date


@dataclass
class TalentSeedResult:
    people: int = 0
    appointments: int = 0
    profiles: int = 0
    reviews: int = 0
    actions: int = 0
    cohorts: int = 0


def _mix(org: Organisation) -> dict[str, float]:
    if org.kind == OrganisationKind.ICB:
        return ICB_MIX
    return MIX_BY_TYPE.get(org.trust_type, CLINICAL_MIX)


def _allocate(
    total: int, orgs: Sequence[Organisation], rng: random.Random
) -> list[int]:
    weights = [
        0.15 if o.kind == OrganisationKind.ICB else SIZE_WEIGHT.get(o.trust_type, 1.0)
        for o in orgs
    ]
    weights = [w * rng.uniform(0.7, 1.3) for w in weights]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts


def senior_pools(
    org_ids: Sequence[int],
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Return (sponsors, mentors): org id -> people holding senior posts there now."""
    sponsors: dict[int, list[int]] = defaultdict(list)
    mentors: dict[int, list[int]] = defaultdict(list)
    rows = (
        Appointment.objects.current()
        .filter(organisation_id__in=org_ids, level__rank__gte=6)
        .order_by("id")
        .values_list("organisation_id", "person_id", "level__rank")
    )
    for org_id, person_id, rank in rows:
        (sponsors if rank >= 8 else mentors)[org_id].append(person_id)
        if rank == 9:
            mentors[org_id].append(person_id)
    return sponsors, mentors


class TalentSeeder:
    """Plan and write talent-pool clinicians and their profiles, a chunk at a time."""

    def __init__(self, seed: int, organisations: Sequence[Organisation]) -> None:
        self.seed = seed
        self.rng = rng_for(seed, "talent")
        self.orgs = list(organisations)
        self.refs = Refs.load()
        self.timeline = Timeline(self.rng, [o.pk for o in self.orgs])
        self.today = today()
        self.entry_levels = [
            (e.pk, {lv.rank for lv in e.feeder_levels.all()})
            for e in EntryLevel.objects.prefetch_related("feeder_levels")
        ]
        self.sponsors, self.mentors = senior_pools([o.pk for o in self.orgs])
        self.counter = 0
        self.result = TalentSeedResult()
        self.programme = ProgrammeSeeder(seed, self.orgs)
        self.org_paths = {o.pk: o.path for o in self.orgs}

    def _plan(self, org: Organisation) -> tuple[PersonPlan, Facts]:
        rng = self.rng
        profession = weighted(rng, _mix(org))
        track = self.refs.track(profession)
        ladder = LADDERS[track]
        rank = weighted(rng, {str(r): w for r, w in LEVEL_MIX.items() if r in ladder})
        rank_i = int(rank)
        age = 24 + 3.2 * (rank_i - 2) + rng.gauss(0, 3)
        sex = "F" if rng.random() < WOMEN.get(track, 0.7) else "M"
        ethnic = ethnic_code(rng, rng.random() < 0.2, 0.05)
        self.counter += 1
        plan = PersonPlan(
            ref=f"{DEMO_REF_PREFIX}{self.seed}-T{self.counter:07d}",
            profession=profession,
            sex=sex,
            ethnic=ethnic,
            disability=weighted(rng, {"Y": 5, "N": 88, "X": 7}),
            year_of_birth=self.today.year - round(age),
            name=person_name(rng, sex, ethnic),
        )
        if track in SPECIALTIES:
            plan.specialty = weighted(rng, SPECIALTIES[track])
        step = rng.choice(ladder[rank_i])
        start = add_days(self.today, -rng.uniform(60, 365 * 5))
        plan.posts.append(
            PostPlan(org.pk, rank_i, step.role, step.grade, step.title, start)
        )
        earlier = earlier_steps(rng, track, 2, rank_i, keep=0.5)
        earlier = earlier[-rng.choice([0, 1, 1, 2, 2]) :] if earlier else []
        if earlier and rng.random() > 0.25:
            gap = rng.uniform(1.5, 4) * 365 * len(earlier)
            self.timeline.fill(plan, earlier, add_days(start, -gap), start, org.pk)
        return plan, Facts(org, rank_i, track, start)

    def _profile(self, person: Person, facts: Facts) -> TalentProfile:
        rng = self.rng
        org, rank = facts.org, facts.rank
        entries = [pk for pk, feeders in self.entry_levels if rank in feeders]
        ladder = LADDERS[facts.track]
        targets = [
            s.role for r in (rank + 1, rank + 2) for s in ladder.get(r, []) if s.role
        ]
        sponsors = self.sponsors.get(org.pk, [])
        mentors = self.mentors.get(org.pk, [])
        joined = max(facts.start, add_days(self.today, -rng.uniform(30, 4 * 365)))
        target = rng.choice(targets) if targets and rng.random() < 0.8 else None
        return TalentProfile(
            person_id=person.pk,
            organisation_id=org.pk,
            entry_level_id=rng.choice(entries),
            profession_id=person.profession_id,
            identified_by=weighted(
                rng,
                {
                    IdentifiedBy.SELF: 35,
                    IdentifiedBy.LINE_MANAGER: 30,
                    IdentifiedBy.TALENT_REVIEW: 25,
                    IdentifiedBy.PROGRAMME: 10,
                },
            ),
            status=weighted(
                rng,
                {
                    ProfileStatus.ACTIVE: 70,
                    ProfileStatus.PAUSED: 8,
                    ProfileStatus.LEFT: 10,
                    ProfileStatus.APPOINTED: 12,
                },
            ),
            sponsor_id=rng.choice(sponsors)
            if sponsors and rng.random() < 0.6
            else None,
            mentor_id=rng.choice(mentors) if mentors and rng.random() < 0.55 else None,
            target_role_id=self.refs.roles[target] if target else None,
            target_horizon_years=rng.randint(1, 10) if target else None,
            willing_to_move_organisation=rng.random() < 0.45,
            willing_to_move_region=rng.random() < 0.15,
            joined_on=joined,
        )

    def _flush(self, batch: list[tuple[PersonPlan, Facts]]) -> None:
        people, appointments = write_people(self.refs, [p for p, _ in batch])
        held = {
            person.pk: {self.refs.levels[facts.rank]}
            for person, (_, facts) in zip(people, batch, strict=True)
        }
        profiles = [
            self._profile(person, facts)
            for person, (_, facts) in zip(people, batch, strict=True)
        ]
        self.result.people += len(people)
        self.result.appointments += appointments
        self.result.profiles += talent_profiles_bulk_create(profiles, held_levels=held)
        self.programme.add(profiles, self.org_paths)

    def run(self, total: int) -> TalentSeedResult:
        batch: list[tuple[PersonPlan, Facts]] = []
        for org, count in zip(
            self.orgs, _allocate(total, self.orgs, self.rng), strict=True
        ):
            for _ in range(count):
                batch.append(self._plan(org))
                if len(batch) >= CHUNK:
                    self._flush(batch)
                    batch = []
        if batch:
            self._flush(batch)
        done = self.programme.result
        self.result.reviews, self.result.actions = done.reviews, done.actions
        self.result.cohorts = done.cohorts
        return self.result


def seed_talent(
    organisations: Sequence[Organisation], *, seed: int, profiles: int
) -> TalentSeedResult:
    """Create `profiles` talent-pool clinicians, each with a timeline and a profile."""
    return TalentSeeder(seed, organisations).run(profiles)


def seed_demo_clinician(
    *, user: User, organisation: Organisation
) -> TalentProfile | None:
    """Give the demo clinician user a Person, a short timeline and a talent profile.

    Does nothing if the user already has a person record (the seed is re-runnable).
    """
    if Person.objects.filter(user=user).exists():
        return None
    refs = Refs.load()
    person = person_create(
        external_ref=f"{DEMO_REF_PREFIX}clinician",
        full_name=user.full_name or "Demo Clinician",
        profession_id=refs.professions["nursing"],
        specialty="adult_nursing",
        sex="F",
        year_of_birth=today().year - 31,
        disability="N",
        user=user,
    )
    roles = {r.code: r for r in Role.objects.select_related("level")}
    now = today()
    posts = [
        ("staff-nurse", 9, 6),
        ("senior-staff-nurse", 6, 3),
        ("ward-manager", 3, None),
    ]
    for code, years_ago, ended_years_ago in posts:
        appointment_create(
            person=person,
            organisation=organisation,
            role=roles[code],
            start_date=dt.date(now.year - years_ago, 9, 1),
            end_date=(
                dt.date(now.year - ended_years_ago, 8, 31) if ended_years_ago else None
            ),
        )
    sponsors, mentors = senior_pools([organisation.pk])
    sponsor_id = (sponsors.get(organisation.pk) or [None])[0]
    mentor_id = (mentors.get(organisation.pk) or [None])[0]
    profile = talent_profile_create(
        person=person,
        organisation=organisation,
        entry_level=EntryLevel.objects.get(code="emerging-leader"),
        identified_by=IdentifiedBy.LINE_MANAGER,
        joined_on=dt.date(now.year - 1, 10, 1),
        sponsor=Person.objects.filter(pk=sponsor_id).first(),
        mentor=Person.objects.filter(pk=mentor_id).first(),
        target_role=roles["matron"],
        target_horizon_years=3,
        willing_to_move_organisation=True,
    )
    seed_demo_plan(profile)
    return profile
