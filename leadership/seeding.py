"""Synthetic leaders for the demo: boards, their past holders and leaders below the board.

Every person is planned as one timeline, from a first post (a clinical post on an Agenda
for Change band or medical grade, or an early non-clinical role) up the ladder to the
post they hold now, then written through the bulk people services. Figures that the
domain publishes (clinician chief executives, women and BME share, interim posts, tenure)
are hit with quota or systematic draws, so even the small scale lands near them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

from django.db.models import Q, QuerySet

from careers.models import Grade, Level, Profession, Role
from leadership.models import (
    Appointment,
    ContractType,
    DatePrecision,
    Organisation,
    OrganisationKind,
    Person,
)
from leadership.services.people import (
    LadderIndex,
    appointments_bulk_create,
    people_bulk_create,
)

DEMO_REF_PREFIX = "demo-"
# A few real open trusts (and one ICB) in three regions; R0A first, for the demo users.
SMALL_SET = [
    *("R0A", "RXV", "RX7", "QOP"),  # North West
    *("RJ1", "R1H", "RYX", "RRU"),  # London
    *("RRK", "RXT", "RYW", "RYA"),  # Midlands
]


def rng_for(seed: int, stream: str) -> random.Random:
    """A generator per stream, so changing one part of the seed leaves the rest alone."""
    return random.Random(f"{seed}:{stream}")  # noqa: S311 - synthetic data, not secrets


def today() -> dt.date:
    return dt.date.today()


# ---------------------------------------------------------------------------- samplers


class Systematic:
    """Bernoulli draws whose total stays within one of the expected count, per key.

    Each key keeps a running sum started at a random offset: every draw keeps its
    probability p, but small samples cannot drift far from the target share.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.acc: dict[str, float] = {}

    def draw(self, key: str, p: float) -> bool:
        acc = self.acc.setdefault(key, self.rng.random()) + p
        hit = acc >= 1.0
        self.acc[key] = acc - 1.0 if hit else acc
        return hit


def quota(n: int, shares: dict[str, float], rng: random.Random) -> list[str]:
    """Return n labels in shuffled order, counts by largest remainder of the shares."""
    total = sum(shares.values())
    exact = {k: n * v / total for k, v in shares.items()}
    counts = {k: math.floor(v) for k, v in exact.items()}
    short = n - sum(counts.values())
    for k in sorted(exact, key=lambda k: counts[k] - exact[k])[:short]:
        counts[k] += 1
    labels = [k for k, c in counts.items() for _ in range(c)]
    rng.shuffle(labels)
    return labels


def stratified(
    n: int, inverse_cdf: Callable[[float], float], rng: random.Random
) -> list[float]:
    """n draws, one from each of n equal-probability strata, shuffled (low variance)."""
    values = [inverse_cdf((i + rng.random()) / n) for i in range(n)]
    rng.shuffle(values)
    return values


def rescale_mean(days: list[float]) -> list[float]:
    """Rescale tenures to average exactly CEO_TENURE_DAYS (small samples included)."""
    factor = CEO_TENURE_DAYS / (sum(days) / len(days)) if days else 1.0
    return [d * factor for d in days]


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# Chief executive tenure: lognormal with a mean of about 700 days (DOMAIN.md).
_TENURE_SIGMA = 0.65
CEO_TENURE_DAYS = 700
_TENURE_MU = math.log(CEO_TENURE_DAYS) - _TENURE_SIGMA**2 / 2


def tenure_days(u: float) -> float:
    z = NormalDist().inv_cdf(min(max(u, 1e-6), 1 - 1e-6))
    return min(max(math.exp(_TENURE_MU + _TENURE_SIGMA * z), 90.0), 4000.0)


# ---------------------------------------------------------------------- demographics

WHITE = {"A": 0.80, "B": 0.04, "C": 0.16}
BME = {
    "D": 0.03,
    "E": 0.02,
    "F": 0.03,
    "G": 0.03,
    "H": 0.22,
    "J": 0.07,
    "K": 0.03,
    "L": 0.13,
    "M": 0.07,
    "N": 0.21,
    "P": 0.03,
    "R": 0.04,
    "S": 0.09,
}
UNKNOWN = {"Z": 0.7, "X": 0.3}

NAMES = {
    ("white", "F"): "Sarah Emma Claire Helen Rachel Joanne Louise Catherine Anna Lucy "
    "Victoria Rebecca Fiona Siobhan Kate Alison Julia Hannah Laura Gillian",
    ("white", "M"): "James David Andrew Mark Paul Richard Simon Stephen Michael Peter "
    "Matthew Jonathan Neil Robert Christopher Tom Daniel Ian Gareth Sean",
    ("asian", "F"): "Priya Anjali Sunita Ayesha Fatima Nadia Shabana Meera Nisha Salma "
    "Rupinder Farah",
    (
        "asian",
        "M",
    ): "Raj Sanjay Amit Imran Arjun Vikram Tariq Asif Rahul Kamran Hamid Anil",
    ("black", "F"): "Grace Abena Chioma Ngozi Marcia Funmi Adaeze Yvonne Esther Folake",
    ("black", "M"): "Kwame Emeka Tunde Winston Olu Chidi Delroy Kofi Samuel Babatunde",
    ("chinese", "F"): "Mei Li Xiao Wen Jing Ying",
    ("chinese", "M"): "Wei Jun Hao Ming Chen Lei",
    ("white", ""): "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson "
    "Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Murphy "
    "O'Brien Kelly Hughes Edwards Lewis Harris Martin Cooper Ward Morris Baker "
    "Kowalski Novak",
    (
        "asian",
        "",
    ): "Patel Shah Khan Ahmed Singh Hussain Begum Kaur Ali Chowdhury Sharma "
    "Gupta Iqbal Rahman Malik",
    (
        "black",
        "",
    ): "Okafor Mensah Adeyemi Campbell Boateng Okonkwo Asante Francis Brown "
    "Oduya Clarke Nwosu",
    ("chinese", ""): "Wang Li Zhang Chen Liu Wong Lam Chan",
}
# Name pools by (group, sex); sex "" holds surnames.
NAME_POOLS: dict[tuple[str, str], list[str]] = {
    k: v.split(" ") for k, v in NAMES.items()
}
_NAME_GROUP = {**dict.fromkeys("ABCZX", "white"), **dict.fromkeys("HJKLS", "asian")}
_NAME_GROUP.update(dict.fromkeys("MNP", "black"))
_NAME_GROUP.update({"R": "chinese"})


def person_name(rng: random.Random, sex: str, ethnic: str | None) -> str:
    group = _NAME_GROUP.get(ethnic or "A") or rng.choice(["white", "asian", "black"])
    first_group = group if rng.random() < 0.85 else "white"
    first = rng.choice(NAME_POOLS[(first_group, sex if sex in ("F", "M") else "F")])
    return f"{first} {rng.choice(NAME_POOLS[(group, '')])}"


def ethnic_code(rng: random.Random, bme: bool, unknown_share: float) -> str:
    if bme:
        return weighted(rng, BME)
    if rng.random() < unknown_share:
        return weighted(rng, UNKNOWN)
    return weighted(rng, WHITE)


# ------------------------------------------------------------------------- ladders


@dataclass(frozen=True)
class Step:
    """One rung a career can stand on: catalogue role (optional), pay grade, title."""

    rank: int
    role: str | None
    grade: str | None  # "afc:7", "medical:Consultant", "vsm:VSM"
    title: str


def _steps(
    rows: Iterable[tuple[int, str | None, str | None, str]],
) -> dict[int, list[Step]]:
    ladder: dict[int, list[Step]] = defaultdict(list)
    for rank, role, grade, title in rows:
        ladder[rank].append(Step(rank, role, grade, title))
    return dict(ladder)


def _non_clinical(words: list[str], l7: str, l8: str, l9: str) -> dict[int, list[Step]]:
    bands = ["afc:4", "afc:5", "afc:6", "afc:7", "afc:8b", "afc:8c"]
    rows: list[tuple[int, str | None, str | None, str]] = [
        (rank, None, band, words[rank - 1]) for rank, band in enumerate(bands, 1)
    ]
    rows += [
        (7, l7, "afc:8d", words[6]),
        (8, l8, "afc:9", words[7]),
        (9, l9, "vsm:VSM", ""),
    ]
    return _steps(rows)


LADDERS: dict[str, dict[int, list[Step]]] = {
    "medical": _steps(
        [
            (2, "foundation-doctor", "medical:Foundation Doctor Year 1", ""),
            (3, "core-trainee", "medical:Core Training", ""),
            (4, "specialty-registrar", "medical:Specialty Registrar", ""),
            (5, "consultant", "medical:Consultant", ""),
            (6, "clinical-lead", "medical:Consultant", ""),
            (7, "clinical-director", "medical:Consultant", ""),
            (7, "divisional-director", "medical:Consultant", ""),
            (8, "deputy-medical-director", "medical:Consultant", ""),
            (9, "medical-director", "vsm:VSM", ""),
        ]
    ),
    "nursing": _steps(
        [
            (1, "healthcare-support-worker", "afc:3", ""),
            (2, "staff-nurse", "afc:5", ""),
            (3, "senior-staff-nurse", "afc:6", ""),
            (4, "ward-manager", "afc:7", ""),
            (4, "advanced-practitioner", "afc:7", "Advanced nurse practitioner"),
            (5, "matron", "afc:8a", ""),
            (5, "nurse-consultant", "afc:8b", ""),
            (6, "head-of-nursing", "afc:8c", ""),
            (7, "associate-director-of-nursing", "afc:8d", ""),
            (8, "deputy-chief-nurse", "afc:9", ""),
            (9, "director-of-nursing", "vsm:VSM", ""),
        ]
    ),
    "midwifery": _steps(
        [
            (2, "midwife", "afc:5", ""),
            (3, None, "afc:6", "Senior midwife"),
            (4, "ward-manager", "afc:7", "Labour ward manager"),
            (5, "matron", "afc:8a", "Maternity matron"),
            (6, "head-of-midwifery", "afc:8c", ""),
            (7, "director-of-midwifery", "afc:8d", ""),
            (8, "deputy-chief-nurse", "afc:9", ""),
            (9, "director-of-nursing", "vsm:VSM", "Director of nursing and midwifery"),
        ]
    ),
    "ahp": _steps(
        [
            (2, "registered-ahp", "afc:5", ""),
            (3, "specialist-ahp", "afc:6", ""),
            (4, "ahp-team-lead", "afc:7", ""),
            (4, "advanced-practitioner", "afc:7", ""),
            (5, "consultant-ahp", "afc:8b", ""),
            (6, "head-of-therapies", "afc:8c", ""),
            (7, "director-of-ahps", "afc:8d", ""),
            (8, "deputy-director", "afc:9", "Deputy director of operations"),
            (
                9,
                "chief-ahp-officer",
                "vsm:VSM",
                "Chief allied health professions officer",
            ),
        ]
    ),
    "science": _steps(
        [
            (2, None, "afc:5", "Trainee clinical scientist"),
            (3, "clinical-scientist", "afc:6", ""),
            (4, None, "afc:7", "Principal clinical scientist"),
            (5, "consultant-clinical-scientist", "afc:8b", ""),
            (6, "head-of-healthcare-science", "afc:8c", ""),
            (
                7,
                "associate-director",
                "afc:8d",
                "Associate director of healthcare science",
            ),
            (8, "deputy-director", "afc:9", "Deputy director of clinical support"),
        ]
    ),
    "pharmacy": _steps(
        [
            (2, None, "afc:5", "Foundation pharmacist"),
            (3, "pharmacist", "afc:6", ""),
            (4, "advanced-practitioner", "afc:7", "Advanced pharmacist"),
            (5, "consultant-pharmacist", "afc:8b", ""),
            (6, "chief-pharmacist", "afc:8c", ""),
            (7, "associate-director", "afc:8d", "Director of pharmacy"),
            (8, "deputy-director", "afc:9", "Deputy director of clinical services"),
        ]
    ),
    "psychology": _steps(
        [
            (2, None, "afc:5", "Assistant psychologist"),
            (3, "clinical-psychologist", "afc:6", ""),
            (4, None, "afc:7", "Senior clinical psychologist"),
            (5, None, "afc:8b", "Principal clinical psychologist"),
            (6, "head-of-psychology", "afc:8c", ""),
            (7, "associate-director", "afc:8d", "Associate director of psychology"),
            (8, "deputy-director", "afc:9", "Deputy director of therapies"),
        ]
    ),
    "social_work": _steps(
        [
            (2, "social-worker", "afc:5", ""),
            (3, None, "afc:6", "Senior social worker"),
            (4, None, "afc:7", "Social work team manager"),
            (5, None, "afc:8b", "Head of social work"),
            (6, "clinical-lead", "afc:8c", "Professional lead for social work"),
            (7, "associate-director", "afc:8d", "Associate director of social care"),
            (8, "deputy-director", "afc:9", "Deputy director of social care"),
        ]
    ),
    "finance": _non_clinical(
        [
            "Finance assistant",
            "Graduate financial management trainee",
            "Accountant",
            "Finance manager",
            "Head of financial planning",
            "Head of finance",
            "Associate director of finance",
            "Deputy director of finance",
        ],
        "associate-director",
        "deputy-director",
        "director-of-finance",
    ),
    "hr": _non_clinical(
        [
            "HR assistant",
            "Graduate HR management trainee",
            "HR adviser",
            "HR business partner",
            "Senior HR business partner",
            "Head of people",
            "Associate director of workforce",
            "Deputy director of workforce",
        ],
        "associate-director",
        "deputy-director",
        "director-of-workforce",
    ),
    "operations": _non_clinical(
        [
            "Administrator",
            "Graduate management trainee",
            "Assistant service manager",
            "Service manager",
            "General manager",
            "Head of operations",
            "Divisional director of operations",
            "Deputy chief operating officer",
        ],
        "divisional-director",
        "deputy-director",
        "chief-operating-officer",
    ),
    "management": _non_clinical(
        [
            "Administrator",
            "Graduate management trainee",
            "Project manager",
            "Programme manager",
            "Head of transformation",
            "Head of strategy",
            "Associate director of strategy",
            "Deputy director of strategy",
        ],
        "associate-director",
        "deputy-director",
        "director-of-strategy",
    ),
}
TRACK_BY_PROFESSION = {
    "finance": "finance",
    "human-resources": "hr",
    "operations": "operations",
    "general-management": "management",
    "non-clinical-other": "management",
}
TRACK_BY_GROUP = {
    "medical": "medical",
    "dental": "medical",
    "nursing": "nursing",
    "midwifery": "midwifery",
    "ahp": "ahp",
    "healthcare_science": "science",
    "pharmacy": "pharmacy",
    "psychology": "psychology",
    "social_work": "social_work",
    "other_clinical": "ahp",
}
CAREER_START_AGE = {"medical": 24, "nursing": 21, "midwifery": 21}
SPECIALTIES = {
    "medical": {
        "acute_medicine": 4,
        "surgery": 2,
        "anaesthetics": 2,
        "emergency_medicine": 1,
        "paediatrics": 1,
        "obstetrics": 1,
        "radiology": 1,
        "pathology": 0.5,
        "psychiatry": 1,
        "public_health": 0.5,
        "general_practice": 0.5,
    },
    "nursing": {
        "adult_nursing": 6,
        "mental_health_nursing": 2,
        "childrens_nursing": 1,
        "learning_disability_nursing": 0.5,
        "community": 1,
    },
}


# ------------------------------------------------------------------ reference cache


@dataclass
class Refs:
    """Ids of the reference rows the seeders use, read once per run."""

    professions: dict[str, int]
    profession_group: dict[str, str]
    roles: dict[str, int]
    role_rank: dict[str, int]
    role_seat: dict[str, str]
    grades: dict[str, int]
    levels: dict[int, int]
    index: LadderIndex

    @classmethod
    def load(cls) -> Refs:
        professions = list(Profession.objects.values_list("code", "id", "group"))
        roles = list(
            Role.objects.values_list("code", "id", "level__rank", "board_seat")
        )
        return cls(
            professions={c: i for c, i, _ in professions},
            profession_group={c: g for c, _, g in professions},
            roles={c: i for c, i, _, _ in roles},
            role_rank={c: r for c, _, r, _ in roles},
            role_seat={c: s for c, _, _, s in roles},
            grades={
                f"{s}:{c}": i
                for s, c, i in Grade.objects.values_list("scheme", "code", "id")
            },
            levels=dict(Level.objects.values_list("rank", "id")),
            index=LadderIndex.load(),
        )

    def track(self, profession: str) -> str:
        return TRACK_BY_PROFESSION.get(profession) or TRACK_BY_GROUP.get(
            self.profession_group[profession], "management"
        )


# ------------------------------------------------------------------------- plans


@dataclass
class PostPlan:
    org_id: int
    rank: int
    role: str | None
    grade: str | None
    title: str
    start: dt.date
    end: dt.date | None = None
    contract: str = ContractType.SUBSTANTIVE
    voting: bool = False


@dataclass
class PersonPlan:
    ref: str
    profession: str
    sex: str
    ethnic: str | None
    disability: str
    year_of_birth: int
    name: str = ""
    specialty: str = ""
    posts: list[PostPlan] = field(default_factory=list)


def precision_for(day: dt.date) -> str:
    """Older posts are known less exactly: the year before 2000, the month before 2012."""
    if day.year < 2000:
        return DatePrecision.YEAR
    if day.year < 2012:
        return DatePrecision.MONTH
    return DatePrecision.DAY


def truncate(day: dt.date, precision: str) -> dt.date:
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def add_days(day: dt.date, days: float) -> dt.date:
    return day + dt.timedelta(days=round(days))


def earlier_steps(
    rng: random.Random,
    track: str,
    first_rank: int,
    below_rank: int,
    keep: float = 0.7,
    limit: int = 8,
) -> list[Step]:
    """Pick the rungs climbed before a post at `below_rank`, skipping some on the way."""
    ladder = LADDERS[track]
    ranks = [r for r in sorted(ladder) if first_rank <= r < below_rank]
    if not ranks:
        return []
    chosen = [ranks[0]] + [r for r in ranks[1:-1] if rng.random() < keep]
    if len(ranks) > 1 and (ranks[-1] == below_rank - 1 or rng.random() < 0.8):
        chosen.append(ranks[-1])
    chosen = sorted(set(chosen))
    while len(chosen) > limit:
        chosen.pop(rng.randrange(1, len(chosen) - 1))
    return [rng.choice(ladder[r]) for r in chosen]


class Timeline:
    """Lay a person's earlier steps between their first post and a known later post."""

    def __init__(self, rng: random.Random, org_pool: Sequence[int]) -> None:
        self.rng = rng
        self.org_pool = org_pool

    def fill(
        self,
        plan: PersonPlan,
        steps: list[Step],
        career_start: dt.date,
        until: dt.date,
        home_org: int,
        stay: float = 0.55,
    ) -> None:
        """Prepend posts for `steps` between career_start and `until` (exclusive)."""
        span = (until - career_start).days
        steps = list(steps)
        while steps and span / len(steps) < 330:
            steps.pop(len(steps) // 2 if len(steps) > 1 else 0)
        if not steps:
            return
        weights = [self.rng.uniform(0.6, 1.4) for _ in steps]
        total = sum(weights)
        start = career_start
        posts: list[PostPlan] = []
        for step, weight in zip(steps, weights, strict=True):
            end = add_days(start, span * weight / total) - dt.timedelta(days=1)
            org = (
                home_org if self.rng.random() < stay else self.rng.choice(self.org_pool)
            )
            posts.append(
                PostPlan(
                    org_id=org,
                    rank=step.rank,
                    role=step.role,
                    grade=step.grade,
                    title=step.title,
                    start=start,
                    end=max(end, start),
                )
            )
            start = end + dt.timedelta(days=1)
        posts[-1].end = max(posts[-1].start, until - dt.timedelta(days=1))
        plan.posts[:0] = posts


def career_start(rng: random.Random, track: str, year_of_birth: int) -> dt.date:
    age = CAREER_START_AGE.get(track, 22) + rng.choice([0, 0, 1, 2])
    return dt.date(year_of_birth + age, rng.choice([8, 9, 9, 10]), 1)


# ----------------------------------------------------------------- materialising


def _appointment(refs: Refs, person_id: int, post: PostPlan) -> Appointment:
    start_precision = precision_for(post.start)
    end_precision = precision_for(post.end) if post.end else DatePrecision.DAY
    seat = refs.role_seat.get(post.role, "") if post.role else ""
    return Appointment(
        person_id=person_id,
        organisation_id=post.org_id,
        role_id=refs.roles[post.role] if post.role else None,
        grade_id=refs.grades[post.grade] if post.grade else None,
        level_id=refs.levels[post.rank],
        title=post.title,
        contract_type=post.contract,
        board_seat=seat,
        is_voting=post.voting and bool(seat),
        start_date=truncate(post.start, start_precision),
        start_precision=start_precision,
        end_date=truncate(post.end, end_precision) if post.end else None,
        end_precision=end_precision,
    )


def write_people(
    refs: Refs, plans: Sequence[PersonPlan], batch_size: int = 2000
) -> tuple[list[Person], int]:
    """Write planned people and their posts through the bulk services."""
    people = people_bulk_create(
        (
            Person(
                external_ref=p.ref,
                full_name=p.name,
                profession_id=refs.professions[p.profession],
                specialty=p.specialty,
                sex=p.sex,
                ethnic_category_id=p.ethnic,
                disability=p.disability,
                year_of_birth=p.year_of_birth,
            )
            for p in plans
        ),
        batch_size=batch_size,
    )
    appointments = [
        _appointment(refs, person.pk, post)
        for person, plan in zip(people, plans, strict=True)
        for post in plan.posts
    ]
    written = appointments_bulk_create(
        appointments, batch_size=batch_size, index=refs.index
    )
    return people, written


# ----------------------------------------------------------------------- boards


@dataclass(frozen=True)
class Seat:
    """A board seat: who usually holds it, how often a woman or BME, whether it votes."""

    role: str
    backgrounds: dict[str, float]
    women: float
    bme: float
    age: float
    voting: float = 1.0
    chance: float = 1.0


CEO_BACKGROUNDS = {
    "nursing": 66,
    "medicine": 29,
    "physiotherapy": 5,
}
CEO_NON_CLINICAL = {
    "finance": 30,
    "operations": 30,
    "general-management": 30,
    "human-resources": 10,
}
AHP_LEADS = {
    "physiotherapy": 40,
    "occupational-therapy": 30,
    "speech-language-therapy": 8,
    "radiography": 8,
    "dietetics": 6,
    "podiatry": 4,
    "paramedic": 4,
}
EXECUTIVE_SEATS = [
    Seat("medical-director", {"medicine": 1}, 0.32, 0.10, 50),
    Seat("director-of-nursing", {"nursing": 93, "midwifery": 7}, 0.86, 0.06, 49),
    Seat("director-of-finance", {"finance": 1}, 0.34, 0.07, 47),
    Seat(
        "chief-operating-officer",
        {
            "operations": 45,
            "general-management": 20,
            "nursing": 20,
            "physiotherapy": 5,
            "occupational-therapy": 5,
            "medicine": 5,
        },
        0.45,
        0.06,
        47,
    ),
    Seat(
        "director-of-workforce",
        {"human-resources": 85, "nursing": 10, "general-management": 5},
        0.62,
        0.07,
        48,
    ),
    Seat(
        "director-of-strategy",
        {"general-management": 60, "finance": 20, "medicine": 10, "operations": 10},
        0.45,
        0.07,
        45,
        voting=0.0,
        chance=0.5,
    ),
    # Only about 14% of chief AHPs sit on the executive board (REFERENCE.md 3.6).
    Seat("chief-ahp-officer", AHP_LEADS, 0.75, 0.05, 48, voting=0.4, chance=0.14),
]
CHAIR = Seat(
    "chair",
    {
        "general-management": 50,
        "finance": 25,
        "medicine": 12,
        "nursing": 8,
        "non-clinical-other": 5,
    },
    0.36,
    0.05,
    60,
)
NED = Seat(
    "non-executive-director",
    {
        "finance": 25,
        "general-management": 30,
        "non-clinical-other": 20,
        "medicine": 12,
        "nursing": 8,
        "physiotherapy": 3,
        "pharmacist": 2,
    },
    0.43,
    0.12,
    56,
)
# Leaders below the board: role -> background weights, and how common the role is.
BELOW_BOARD: dict[str, tuple[float, dict[str, float]]] = {
    "clinical-director": (
        5,
        {"medicine": 75, "nursing": 15, "physiotherapy": 5, "occupational-therapy": 5},
    ),
    "divisional-director": (
        3,
        {"operations": 50, "nursing": 25, "medicine": 15, "general-management": 10},
    ),
    "associate-director-of-nursing": (2, {"nursing": 1}),
    "director-of-midwifery": (0.6, {"midwifery": 1}),
    "director-of-ahps": (0.8, AHP_LEADS),
    "associate-director": (
        3,
        {
            "general-management": 40,
            "finance": 20,
            "human-resources": 20,
            "nursing": 10,
            "physiotherapy": 5,
            "pharmacist": 5,
        },
    ),
    "deputy-medical-director": (1, {"medicine": 1}),
    "deputy-chief-nurse": (1, {"nursing": 85, "midwifery": 15}),
    "deputy-director": (
        3,
        {
            "finance": 30,
            "operations": 30,
            "human-resources": 20,
            "general-management": 15,
            "nursing": 5,
        },
    ),
    "clinical-lead": (
        3,
        {
            "medicine": 45,
            "nursing": 20,
            "physiotherapy": 10,
            "occupational-therapy": 8,
            "practitioner-psychology": 7,
            "clinical-science": 5,
            "speech-language-therapy": 5,
        },
    ),
    "head-of-nursing": (2, {"nursing": 1}),
    "head-of-midwifery": (0.5, {"midwifery": 1}),
    "head-of-therapies": (1, AHP_LEADS),
    "chief-pharmacist": (0.8, {"pharmacist": 1}),
    "head-of-psychology": (0.5, {"practitioner-psychology": 1}),
    "head-of-healthcare-science": (
        0.6,
        {"clinical-science": 60, "biomedical-science": 40},
    ),
    "matron": (2, {"nursing": 90, "midwifery": 10}),
}
BELOW_BOARD_WOMEN = {
    "medical": 0.42,
    "nursing": 0.88,
    "midwifery": 0.98,
    "ahp": 0.72,
    "psychology": 0.8,
}


@dataclass
class LeaderSeedResult:
    people: int = 0
    appointments: int = 0
    organisations: int = 0


def demo_organisations(count: int | None, rng: random.Random) -> list[Organisation]:
    """Real open bodies: the small set first, then a sample; None means every open
    English trust and ICB (the national scale)."""
    now = today()
    open_q = Q(closed_on__isnull=True) | Q(closed_on__gt=now)
    candidates = list(
        Organisation.objects.filter(
            open_q,
            kind__in=[OrganisationKind.TRUST, OrganisationKind.ICB],
            path__startswith="/ENG/",
        ).order_by("ods_code")
    )
    by_code = {o.ods_code: o for o in candidates}
    first = [by_code[c] for c in SMALL_SET if c in by_code]
    rest = [o for o in candidates if o.ods_code not in set(SMALL_SET)]
    if count is None:
        return first + rest
    rng.shuffle(rest)
    return (first + rest)[:count]


class LeaderSeeder:
    """Plan boards, past holders and leaders below the board for a set of bodies."""

    def __init__(self, seed: int, organisations: Sequence[Organisation]) -> None:
        self.rng = rng_for(seed, "leaders")
        self.seed = seed
        self.orgs = list(organisations)
        self.org_ids = [o.pk for o in self.orgs]
        self.refs = Refs.load()
        self.systematic = Systematic(self.rng)
        self.timeline = Timeline(self.rng, self.org_ids)
        self.plans: list[PersonPlan] = []
        # (org, role) -> held intervals, so one seat never has two holders at once.
        self.held: dict[tuple[int, str], list[tuple[dt.date, dt.date]]] = defaultdict(
            list
        )
        self.today = today()

    # -- people

    def _person(
        self,
        profession: str,
        women_key: str,
        women: float,
        bme: float | bool,
        age_at: dt.date,
        age: float,
    ) -> PersonPlan:
        rng = self.rng
        sex = "F" if self.systematic.draw(f"sex:{women_key}", women) else "M"
        is_bme = (
            bme
            if isinstance(bme, bool)
            else self.systematic.draw(f"bme:{women_key}", bme)
        )
        ethnic = ethnic_code(rng, is_bme, 0.03)
        yob = age_at.year - round(min(max(rng.gauss(age, 5), 34), 70))
        disability = weighted(rng, {"Y": 3, "N": 85, "X": 12})
        plan = PersonPlan(
            ref=f"{DEMO_REF_PREFIX}{self.seed}-L{len(self.plans) + 1:06d}",
            profession=profession,
            sex=sex,
            ethnic=ethnic,
            disability=disability,
            year_of_birth=yob,
            name=person_name(rng, sex, ethnic),
        )
        track = self.refs.track(profession)
        if track in SPECIALTIES:
            plan.specialty = weighted(rng, SPECIALTIES[track])
        self.plans.append(plan)
        return plan

    def _free(self, org: int, role: str, start: dt.date, end: dt.date) -> bool:
        return all(end < s or start > e for s, e in self.held[(org, role)])

    def _hold(self, org: int, role: str, start: dt.date, end: dt.date | None) -> None:
        self.held[(org, role)].append((start, end or dt.date.max))

    def _history(
        self, plan: PersonPlan, home: int, final_rank: int, light: bool = False
    ) -> None:
        """Fill the earlier career before the person's first planned post.

        Past holders get a light history (one or two posts), which keeps the
        appointment count near the published scale without losing their background.
        """
        rng = self.rng
        track = self.refs.track(plan.profession)
        first_post = plan.posts[0]
        first_rank = 1 if rng.random() < 0.08 else 2
        if light:
            steps = earlier_steps(rng, track, first_rank, final_rank, keep=0.0)
            steps = steps[-rng.choice([1, 2]) :]
        else:
            steps = earlier_steps(rng, track, first_rank, final_rank, keep=0.35)
        # A board post before this one must not clash with another holder of that seat.
        steps = [
            s if s.rank < 9 else rng.choice(LADDERS[track].get(8) or LADDERS[track][7])
            for s in steps
        ]
        begin = career_start(rng, track, plan.year_of_birth)
        self.timeline.fill(plan, steps, begin, first_post.start, home)

    def _prior_board_post(self, plan: PersonPlan, until: dt.date, home: int) -> None:
        """Give a chief executive the executive post they held before, where free."""
        rng = self.rng
        track = self.refs.track(plan.profession)
        options = LADDERS[track].get(9)
        if not options or rng.random() < 0.35:
            plan.posts.insert(
                0,
                PostPlan(
                    org_id=home,
                    rank=8,
                    role="deputy-director",
                    grade="afc:9",
                    title="Deputy chief executive",
                    start=add_days(until, -rng.uniform(700, 1800)),
                    end=until - dt.timedelta(days=1),
                ),
            )
            return
        step = options[0]
        start = add_days(until, -rng.uniform(900, 2500))
        end = until - dt.timedelta(days=1)
        for org in [home, *rng.sample(self.org_ids, min(4, len(self.org_ids)))]:
            if self._free(org, step.role or "", start, end):
                self._hold(org, step.role or "", start, end)
                plan.posts.insert(
                    0,
                    PostPlan(
                        org,
                        9,
                        step.role,
                        step.grade,
                        step.title,
                        start,
                        end,
                        voting=True,
                    ),
                )
                return

    # -- seats

    def _board_post(
        self,
        plan: PersonPlan,
        org: int,
        seat: Seat,
        start: dt.date,
        end: dt.date | None,
        contract: str = ContractType.SUBSTANTIVE,
        voting: bool = True,
        title: str = "",
    ) -> None:
        rank = self.refs.role_rank[seat.role]
        plan.posts.append(
            PostPlan(
                org,
                rank,
                seat.role,
                "vsm:VSM"
                if seat.role not in ("chair", "non-executive-director")
                else None,
                title,
                start,
                end,
                contract,
                voting,
            )
        )
        self._hold(org, seat.role, start, end)

    def _chief_executives(self) -> None:
        rng, n = self.rng, len(self.orgs)
        clinical = round(n / 3)
        backgrounds = quota(clinical, CEO_BACKGROUNDS, rng) + quota(
            n - clinical, CEO_NON_CLINICAL, rng
        )
        rng.shuffle(backgrounds)
        women = quota(n, {"F": 0.46, "M": 0.54}, rng)
        bme = quota(n, {"y": 0.02, "n": 0.98}, rng)
        contracts = quota(
            n,
            {
                ContractType.INTERIM: 0.05,
                ContractType.FIXED_TERM: 0.05,
                ContractType.SUBSTANTIVE: 0.90,
            },
            rng,
        )
        current = rescale_mean(stratified(n, tenure_days, rng))
        # Two predecessors per seat: completed tenures from the same distribution.
        past = rescale_mean(stratified(2 * n, tenure_days, rng))
        ceo = Seat("chief-executive", {}, 0.46, 0.02, 51)
        for i, org in enumerate(self.orgs):
            start = add_days(self.today, -current[i])
            plan = self._person(
                backgrounds[i],
                "ceo",
                1.0 if women[i] == "F" else 0.0,
                bme[i] == "y",
                start,
                ceo.age,
            )
            self._board_post(plan, org.pk, ceo, start, None, contracts[i])
            self._prior_board_post(plan, start, org.pk)
            self._history(plan, org.pk, plan.posts[0].rank)
            until = start
            for j in (2 * i, 2 * i + 1):
                end = until - dt.timedelta(days=1)
                begin = add_days(end, -past[j])
                background = (
                    weighted(rng, CEO_BACKGROUNDS)
                    if rng.random() < 1 / 3
                    else weighted(rng, CEO_NON_CLINICAL)
                )
                holder = self._person(background, "ceo-past", 0.40, 0.03, begin, 52)
                self._board_post(holder, org.pk, ceo, begin, end)
                self._history(holder, org.pk, 10, light=True)
                until = begin

    def _seat(self, org: Organisation, seat: Seat, max_years: float) -> None:
        rng = self.rng
        if rng.random() >= seat.chance:
            return
        profession = weighted(rng, seat.backgrounds)
        start = add_days(self.today, -rng.uniform(45, 365 * max_years))
        plan = self._person(
            profession, seat.role, seat.women, seat.bme, start, seat.age
        )
        contract = ContractType.SUBSTANTIVE
        if seat.role not in ("chair", "non-executive-director"):
            contract = weighted(rng, {"substantive": 92, "interim": 5, "acting": 3})
        voting = rng.random() < seat.voting
        self._board_post(plan, org.pk, seat, start, None, contract, voting)
        if seat.role in ("chair", "non-executive-director"):
            # Non-executives mostly built careers outside the NHS; some clinicians did not.
            if self.refs.profession_group[profession] != "non_clinical":
                self._history(plan, org.pk, 8)
        else:
            self._history(plan, org.pk, 9)
        # Predecessor in the seat, for tenure and board history.
        if seat.role != "non-executive-director" and rng.random() < 0.5:
            end = start - dt.timedelta(days=1)
            begin = add_days(end, -rng.uniform(500, 2600))
            past = self._person(
                weighted(rng, seat.backgrounds),
                f"{seat.role}-past",
                seat.women,
                seat.bme,
                begin,
                seat.age,
            )
            self._board_post(past, org.pk, seat, begin, end, voting=voting)
            if seat.role != "chair":
                self._history(past, org.pk, 9, light=True)

    def _below_board(self, org: Organisation, count: int) -> None:
        rng = self.rng
        roles = list(BELOW_BOARD)
        weights = [BELOW_BOARD[r][0] for r in roles]
        for role in rng.choices(roles, weights=weights, k=count):
            profession = weighted(rng, BELOW_BOARD[role][1])
            track = self.refs.track(profession)
            start = add_days(self.today, -rng.uniform(60, 365 * 6))
            women = BELOW_BOARD_WOMEN.get(track, 0.55)
            plan = self._person(profession, f"below:{track}", women, 0.12, start, 45)
            end = None
            if rng.random() < 0.12:  # moved on: history without a current post
                end = add_days(start, rng.uniform(200, 1500))
                end = min(end, self.today - dt.timedelta(days=30))
                end = max(end, start)
            rank = self.refs.role_rank[role]
            grade = {"medical": "medical:Consultant"}.get(track)
            grade = grade or (
                "afc:9"
                if rank == 8
                else "afc:8d"
                if rank == 7
                else "afc:8c"
                if rank == 6
                else "afc:8a"
            )
            plan.posts.append(PostPlan(org.pk, rank, role, grade, "", start, end))
            # Light histories: one or two earlier posts keep the appointment count sane.
            steps = earlier_steps(rng, track, 2, rank, keep=0.0, limit=2)
            steps = rng.sample(steps, k=min(len(steps), rng.choice([0, 1, 1, 2])))
            steps.sort(key=lambda s: s.rank)
            if steps:
                gap = rng.uniform(2, 5) * 365 * len(steps)
                self.timeline.fill(plan, steps, add_days(start, -gap), start, org.pk)

    def plan(self, below_board_per_org: int, non_executives: tuple[int, int]) -> None:
        """Plan every seat; chief executives first so their seat history is reserved."""
        self._chief_executives()
        for org in self.orgs:
            for seat in EXECUTIVE_SEATS:
                self._seat(org, seat, 7)
            self._seat(org, CHAIR, 6)
            for _ in range(self.rng.randint(*non_executives)):
                self._seat(org, NED, 6)
            self._below_board(org, below_board_per_org)

    def write(self) -> LeaderSeedResult:
        people, appointments = write_people(self.refs, self.plans)
        return LeaderSeedResult(len(people), appointments, len(self.orgs))


def seed_leaders(
    organisations: Sequence[Organisation],
    *,
    seed: int,
    below_board_per_org: int,
    non_executives: tuple[int, int] = (5, 7),
) -> LeaderSeedResult:
    """Create boards (current and past) and leaders below them for each organisation."""
    seeder = LeaderSeeder(seed, organisations)
    seeder.plan(below_board_per_org, non_executives)
    return seeder.write()


def demo_people() -> QuerySet[Person]:
    return Person.objects.filter(external_ref__startswith=DEMO_REF_PREFIX)


def demo_people_exist() -> bool:
    return Person.objects.filter(external_ref__startswith=DEMO_REF_PREFIX).exists()
