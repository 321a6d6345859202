"""The demo data set: scales, synthetic workforce composition, and the whole seed in order.

Workforce composition is stored aggregated (one row per organisation, snapshot date,
profession, grade, level, sex, ethnic category and disability with at least one member
of staff); individual staff never exist. Counts are drawn per organisation as
profession x level x grade cells, then split into demographic groups with multinomial
draws. The women and BME shares are calibrated on the expected counts before drawing,
so the national totals land on DOMAIN.md (75% women, 17% BME) whatever the mix.
Levels 9 and 10 are not drawn: they are the executive boards the leadership seed wrote,
so the ceiling report and the board agree.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from django.db import transaction

from accounts.demo import demo_users_ensure
from careers.models import Grade, Level, Profession
from leadership.models import Appointment, Organisation, OrganisationKind, TrustType
from leadership.seeding import (
    BME,
    DEMO_REF_PREFIX,
    UNKNOWN,
    WHITE,
    demo_organisations,
    demo_people_exist,
    rng_for,
    seed_leaders,
    today,
)
from reports.models import WorkforceHeadcount
from reports.services import WorkforceCell, workforce_snapshot_replace
from talent.seeding import seed_demo_clinician, seed_talent


@dataclass(frozen=True)
class Scale:
    """How big a demo to build (organisations None = every open English trust and ICB)."""

    organisations: int | None
    below_board_per_org: int
    talent_profiles: int
    workforce_staff: int


SCALES: dict[str, Scale] = {
    "small": Scale(12, 2, 500, 20_000),
    "medium": Scale(50, 10, 10_000, 250_000),
    "national": Scale(None, 20, 100_000, 1_500_000),
}
TARGET_WOMEN = 0.75
TARGET_BME = 0.17
SEX_NOT_STATED = 0.005
ETHNICITY_NOT_STATED = 0.05
DISABILITY = {"Y": 0.045, "N": 0.885, "X": 0.07}

# Headcount weights by profession for each kind of body (nurses largest, then doctors,
# AHPs and the support and corporate staff the NHS infrastructure group counts).
_CORPORATE = {
    "finance": 1.5,
    "human-resources": 1.3,
    "operations": 3,
    "general-management": 3,
    "non-clinical-other": 19,
}
MIX: dict[str, dict[str, float]] = {
    TrustType.ACUTE: {
        "nursing": 36, "nursing-associate": 1, "medicine": 12, "dentistry": 0.3,
        "midwifery": 3, "physiotherapy": 2.5, "occupational-therapy": 1.5,
        "radiography": 2.2, "speech-language-therapy": 0.5, "dietetics": 0.6,
        "operating-department-practice": 1.3, "podiatry": 0.3, "orthoptics": 0.15,
        "prosthetics-orthotics": 0.05, "paramedic": 0.3, "biomedical-science": 1.6,
        "clinical-science": 0.8, "healthcare-science-other": 1.2, "pharmacist": 1.1,
        "pharmacy-technician": 1.0, "practitioner-psychology": 0.3,
        "social-work": 0.1, "optometry": 0.05, **_CORPORATE,
    },
    TrustType.MENTAL_HEALTH: {
        "nursing": 35, "nursing-associate": 1.5, "medicine": 7,
        "practitioner-psychology": 6, "occupational-therapy": 4, "social-work": 4,
        "art-therapy": 0.3, "drama-therapy": 0.15, "music-therapy": 0.1,
        "speech-language-therapy": 0.5, "dietetics": 0.2, "physiotherapy": 0.5,
        "pharmacist": 0.8, "pharmacy-technician": 0.7, **_CORPORATE,
    },
    TrustType.COMMUNITY: {
        "nursing": 40, "nursing-associate": 1.5, "medicine": 3, "dentistry": 1,
        "physiotherapy": 5, "occupational-therapy": 4, "podiatry": 2,
        "speech-language-therapy": 2.5, "dietetics": 1.2, "orthoptics": 0.2,
        "prosthetics-orthotics": 0.2, "practitioner-psychology": 1.5,
        "pharmacist": 1, "pharmacy-technician": 0.8, "healthcare-science-other": 0.5,
        "social-work": 0.5, **_CORPORATE,
    },
    TrustType.AMBULANCE: {
        "paramedic": 38, "nursing": 3, "medicine": 0.5, "finance": 1,
        "human-resources": 1, "operations": 10, "general-management": 3,
        "non-clinical-other": 40,
    },
    OrganisationKind.ICB: {
        "general-management": 30, "finance": 10, "human-resources": 5,
        "operations": 10, "non-clinical-other": 25, "nursing": 7, "medicine": 3,
        "pharmacist": 6, "pharmacy-technician": 2, "physiotherapy": 0.5,
        "social-work": 0.5, "practitioner-psychology": 0.5,
    },
}  # fmt: skip
ORG_SIZE = {
    TrustType.ACUTE: 7500,
    TrustType.MENTAL_HEALTH: 4000,
    TrustType.COMMUNITY: 3000,
    TrustType.AMBULANCE: 4500,
    OrganisationKind.ICB: 450,
}
# Share of a profession's staff at L1..L8; the thin tails above L6 are the ceilings.
LEVELS: dict[str, list[float]] = {
    "nursing": [38, 25, 20, 11, 4, 1.2, 0.5, 0.12],
    "nursing-associate": [100, 0, 0, 0, 0, 0, 0, 0],
    "medical": [0, 12, 12, 28, 46, 1.5, 0.8, 0.15],
    "midwifery": [15, 33, 32, 14, 4, 1, 0.4, 0],
    "ahp": [25, 25, 27, 17, 5, 1, 0.15, 0],
    "science": [30, 20, 25, 15, 8, 1.5, 0.1, 0],
    "pharmacist": [0, 15, 35, 30, 15, 3, 0.3, 0],
    "pharmacy-technician": [60, 30, 10, 0, 0, 0, 0, 0],
    "psychology": [10, 15, 30, 27, 14, 3.5, 0.4, 0],
    "social_work": [5, 30, 38, 18, 7, 1.5, 0.2, 0],
    "finance": [30, 12, 15, 20, 14, 5, 2.5, 1],
    "human-resources": [35, 12, 15, 18, 12, 5, 2, 0.8],
    "operations": [45, 12, 12, 15, 10, 4, 1.5, 0.5],
    "general-management": [40, 15, 15, 15, 10, 3, 1.5, 0.6],
    "non-clinical-other": [75, 12, 7, 4, 1.5, 0.4, 0.1, 0],
}
LEVEL_KEY_BY_GROUP = {
    "medical": "medical",
    "dental": "medical",
    "nursing": "nursing",
    "midwifery": "midwifery",
    "ahp": "ahp",
    "other_clinical": "ahp",
    "healthcare_science": "science",
    "psychology": "psychology",
    "social_work": "social_work",
}
AFC_GRADES = {
    1: {"afc:2": 40, "afc:3": 40, "afc:4": 20},
    2: {"afc:5": 1},
    3: {"afc:6": 1},
    4: {"afc:7": 1},
    5: {"afc:8a": 60, "afc:8b": 40},
    6: {"afc:8c": 1},
    7: {"afc:8d": 1},
    8: {"afc:9": 1},
}
MEDICAL_GRADES = {
    2: {"medical:Foundation Doctor Year 1": 50, "medical:Foundation Doctor Year 2": 50},
    3: {"medical:Core Training": 85, "medical:Other and Local HCHS Doctor Grades": 15},
    4: {
        "medical:Specialty Registrar": 88,
        "medical:Staff Grade": 4,
        "medical:Hospital Practitioner / Clinical Assistant": 8,
    },
    5: {
        "medical:Consultant": 72,
        "medical:Specialty Doctor": 22,
        "medical:Associate Specialist": 6,
    },
    6: {"medical:Consultant": 1},
    7: {"medical:Consultant": 1},
    8: {"medical:Consultant": 1},
}
WOMEN = {
    "nursing": 0.89, "nursing-associate": 0.88, "medicine": 0.48, "dentistry": 0.5,
    "midwifery": 0.99, "physiotherapy": 0.73, "occupational-therapy": 0.92,
    "radiography": 0.73, "speech-language-therapy": 0.97, "dietetics": 0.93,
    "operating-department-practice": 0.64, "podiatry": 0.75, "orthoptics": 0.89,
    "prosthetics-orthotics": 0.55, "paramedic": 0.42, "art-therapy": 0.86,
    "drama-therapy": 0.86, "music-therapy": 0.86, "biomedical-science": 0.69,
    "clinical-science": 0.62, "pharmacist": 0.62, "pharmacy-technician": 0.85,
    "practitioner-psychology": 0.82, "social-work": 0.8, "finance": 0.6,
    "human-resources": 0.8, "operations": 0.6, "general-management": 0.62,
    "non-clinical-other": 0.75,
}  # fmt: skip
BME_SHARE = {
    "medicine": 0.42, "dentistry": 0.3, "nursing": 0.2, "nursing-associate": 0.2,
    "midwifery": 0.12, "paramedic": 0.04, "biomedical-science": 0.18,
    "clinical-science": 0.16, "pharmacist": 0.35, "pharmacy-technician": 0.2,
    "practitioner-psychology": 0.1, "social-work": 0.15,
}  # fmt: skip
REGION_BME = {"Y56": 2.0, "Y60": 1.2, "Y61": 0.9, "Y62": 0.9, "Y59": 0.9}
REGION_BME_DEFAULT = 0.6  # North East and Yorkshire, South West


Demographics = tuple[str, str, str]  # sex, ethnic category, disability


def snapshot_date(on: dt.date | None = None) -> dt.date:
    """The latest 31 March on or before `on`: the gender pay gap snapshot date."""
    on = on or today()
    year = on.year if (on.month, on.day) >= (3, 31) else on.year - 1
    return dt.date(year, 3, 31)


def _odds_scale(p: float, k: float) -> float:
    if p <= 0 or p >= 1:
        return p
    odds = k * p / (1 - p)
    return odds / (1 + odds)


def _solve(expected: Callable[[float], float], target: float) -> float:
    """Find k so that expected(k) == target (expected rises with k)."""
    low, high = 1e-3, 1e3
    for _ in range(60):
        mid = math.sqrt(low * high)
        low, high = (mid, high) if expected(mid) < target else (low, mid)
    return math.sqrt(low * high)


class WorkforcePlanner:
    """Draw each organisation's headcount cells; calibrated, seeded, streamed."""

    def __init__(
        self, seed: int, organisations: Sequence[Organisation], staff: int
    ) -> None:
        self.rng = rng_for(seed, "workforce")
        self.orgs = list(organisations)
        professions = list(Profession.objects.values_list("code", "id", "group"))
        self.profession_id = {c: i for c, i, _ in professions}
        self.group = {c: g for c, _, g in professions}
        self.level_id = dict(Level.objects.values_list("rank", "id"))
        self.grade_id = {
            f"{s}:{c}": i
            for s, c, i in Grade.objects.values_list("scheme", "code", "id")
        }
        self.sizes = self._sizes(staff)
        self.cells = {key: self._cells(mix) for key, mix in MIX.items()}
        self._calibrate()

    def _kind(self, org: Organisation) -> str:
        if org.kind == OrganisationKind.ICB:
            return OrganisationKind.ICB
        return org.trust_type or TrustType.ACUTE

    def _region(self, org: Organisation) -> str:
        return org.path.split("/")[2] if org.path.count("/") > 3 else ""

    def _sizes(self, staff: int) -> list[int]:
        raw = [
            ORG_SIZE[self._kind(o)] * math.exp(self.rng.gauss(0, 0.4))
            for o in self.orgs
        ]
        scale = staff / sum(raw)
        sizes = [max(50, round(r * scale)) for r in raw]
        sizes[0] += staff - sum(sizes)
        return sizes

    def _level_key(self, profession: str) -> str:
        if profession in LEVELS:
            return profession
        return LEVEL_KEY_BY_GROUP.get(self.group[profession], "general-management")

    def _cells(self, mix: dict[str, float]) -> list[tuple[str, int, str, float]]:
        """(profession, level rank, grade key, weight) for one kind of body."""
        total = sum(mix.values())
        cells = []
        for profession, share in mix.items():
            levels = LEVELS[self._level_key(profession)]
            level_total = sum(levels)
            medical = self.group[profession] in ("medical", "dental")
            for rank, level_share in enumerate(levels, start=1):
                if not level_share:
                    continue
                grades = (MEDICAL_GRADES if medical else AFC_GRADES)[rank]
                if profession == "nursing-associate":
                    grades = {"afc:4": 1}
                grade_total = sum(grades.values())
                for grade, grade_share in grades.items():
                    weight = (
                        share / total * level_share / level_total * grade_share
                    ) / grade_total
                    cells.append((profession, rank, grade, weight))
        return cells

    def _women(self, profession: str, rank: int) -> float:
        return WOMEN.get(profession, 0.75) * (1 - 0.04 * max(0, rank - 4))

    def _bme(self, profession: str, rank: int, region: str) -> float:
        base = BME_SHARE.get(profession, 0.11) * (1 - 0.08 * max(0, rank - 4))
        return min(0.9, base * REGION_BME.get(region, REGION_BME_DEFAULT))

    def _calibrate(self) -> None:
        """Scale the odds of women and of BME staff so expected totals hit the targets."""
        expected: dict[tuple[str, int, str], float] = defaultdict(float)
        for org, size in zip(self.orgs, self.sizes, strict=True):
            region = self._region(org)
            for profession, rank, _grade, weight in self.cells[self._kind(org)]:
                expected[(profession, rank, region)] += size * weight
        total = sum(expected.values())
        known = 1 - SEX_NOT_STATED

        def women(k: float) -> float:
            return (
                sum(
                    n * known * _odds_scale(self._women(p, r), k)
                    for (p, r, _), n in expected.items()
                )
                / total
            )

        def bme(k: float) -> float:
            return (
                sum(
                    n * (1 - ETHNICITY_NOT_STATED) * _odds_scale(self._bme(p, r, g), k)
                    for (p, r, g), n in expected.items()
                )
                / total
            )

        self.women_k = _solve(women, TARGET_WOMEN)
        self.bme_k = _solve(bme, TARGET_BME)
        self._tables: dict[tuple[str, int, str], tuple[list[Demographics], list[float]]]
        self._tables = {}

    def _table(
        self, profession: str, rank: int, region: str
    ) -> tuple[list[Demographics], list[float]]:
        """Joint (sex, ethnic category, disability) categories and cumulative weights."""
        key = (profession, rank, region)
        if key not in self._tables:
            women = _odds_scale(self._women(profession, rank), self.women_k)
            bme = _odds_scale(self._bme(profession, rank, region), self.bme_k)
            known = 1 - ETHNICITY_NOT_STATED
            sexes = {
                "F": women * (1 - SEX_NOT_STATED),
                "M": (1 - women) * (1 - SEX_NOT_STATED),
                "X": SEX_NOT_STATED,
            }
            ethnic = {c: known * bme * w for c, w in BME.items()}
            ethnic |= {c: known * (1 - bme) * w for c, w in WHITE.items()}
            ethnic |= {c: ETHNICITY_NOT_STATED * w for c, w in UNKNOWN.items()}
            cats: list[Demographics] = []
            weights: list[float] = []
            for s, ps in sexes.items():
                for e, pe in ethnic.items():
                    for d, pd in DISABILITY.items():
                        cats.append((s, e, d))
                        weights.append(ps * pe * pd)
            self._tables[key] = (cats, list(accumulate(weights)))
        return self._tables[key]

    def cells_for(self, org: Organisation, size: int) -> Iterator[WorkforceCell]:
        rng: random.Random = self.rng
        cells = self.cells[self._kind(org)]
        cum = list(accumulate(w for *_, w in cells))
        region = self._region(org)
        drawn = Counter(rng.choices(range(len(cells)), cum_weights=cum, k=size))
        for index in sorted(drawn):
            profession, rank, grade, _ = cells[index]
            cats, cum_d = self._table(profession, rank, region)
            split = Counter(rng.choices(cats, cum_weights=cum_d, k=drawn[index]))
            for (sex, ethnic, disability), count in sorted(split.items()):
                yield WorkforceCell(
                    org.pk,
                    self.profession_id[profession],
                    self.grade_id[grade],
                    self.level_id[rank],
                    sex,
                    ethnic,
                    disability,
                    count,
                )

    def board_cells(self) -> Iterator[WorkforceCell]:
        """Levels 9 and 10: the executives now in post (non-executives are not staff)."""
        vsm = self.grade_id["vsm:VSM"]
        rows = (
            Appointment.objects.current()
            .filter(organisation__in=self.orgs, board_seat="executive")
            .values_list(
                "organisation_id",
                "person__profession_id",
                "level__rank",
                "level_id",
                "person__sex",
                "person__ethnic_category_id",
                "person__disability",
            )
        )
        counts = Counter(
            (org, prof, vsm if rank == 9 else None, level, sex, ethnic or "X", dis)
            for org, prof, rank, level, sex, ethnic, dis in rows
        )
        for key, count in sorted(counts.items(), key=lambda kv: str(kv[0])):
            yield WorkforceCell(*key, count)

    def all_cells(self) -> Iterator[WorkforceCell]:
        for org, size in zip(self.orgs, self.sizes, strict=True):
            yield from self.cells_for(org, size)
        yield from self.board_cells()


def seed_workforce(
    organisations: Sequence[Organisation], *, seed: int, staff: int
) -> tuple[int, int]:
    """Replace the organisations' workforce snapshot; returns (rows, staff)."""
    planner = WorkforcePlanner(seed, organisations, staff)
    return workforce_snapshot_replace(
        organisation_ids=[o.pk for o in organisations],
        snapshot_date=snapshot_date(),
        cells=planner.all_cells(),
    )


# ----------------------------------------------------------------- the whole seed


def demo_data_exists() -> bool:
    return demo_people_exist()


def demo_data_delete() -> dict[str, int]:
    """Delete seeded people (their posts and profiles go with them) and the demo
    workforce snapshot of the organisations they were seeded in."""
    from leadership.seeding import demo_people

    org_ids = set(
        Appointment.objects.filter(
            person__external_ref__startswith=DEMO_REF_PREFIX
        ).values_list("organisation_id", flat=True)
    )
    workforce, _ = WorkforceHeadcount.objects.filter(
        organisation_id__in=org_ids, snapshot_date=snapshot_date()
    ).delete()
    people, _ = demo_people().delete()
    return {"workforce rows": workforce, "rows with people": people}


@dataclass
class SeedSummary:
    organisations: int
    people: int
    appointments: int
    talent_profiles: int
    workforce_rows: int
    workforce_staff: int
    demo_trust: str


def seed_demo(
    scale_name: str, *, seed: int, progress: Callable[[str], None] = print
) -> SeedSummary:
    """Build the whole demo in dependency order inside one transaction."""
    scale = SCALES[scale_name]
    clock = time.monotonic()

    def stage(message: str) -> None:
        nonlocal clock
        now = time.monotonic()
        progress(f"{message} [{now - clock:.1f}s]")
        clock = now

    with transaction.atomic():
        orgs = demo_organisations(scale.organisations, rng_for(seed, "organisations"))
        stage(f"{len(orgs)} organisations chosen")
        leaders = seed_leaders(
            orgs, seed=seed, below_board_per_org=scale.below_board_per_org
        )
        stage(f"{leaders.people} leaders, {leaders.appointments} appointments")
        talent = seed_talent(orgs, seed=seed, profiles=scale.talent_profiles)
        stage(f"{talent.profiles} talent profiles ({talent.appointments} posts)")
        users = demo_users_ensure(trust=orgs[0])
        seed_demo_clinician(user=users["clinician"], organisation=orgs[0])
        stage(f"{len(users)} demo users at {orgs[0].ods_code} and ENG")
        rows, staff = seed_workforce(orgs, seed=seed, staff=scale.workforce_staff)
        stage(f"{staff} staff in {rows} workforce rows")
    return SeedSummary(
        organisations=len(orgs),
        people=leaders.people + talent.people,
        appointments=leaders.appointments + talent.appointments,
        talent_profiles=talent.profiles,
        workforce_rows=rows,
        workforce_staff=staff,
        demo_trust=orgs[0].ods_code,
    )
