"""Demo data for the talent programme: the talent pool (people and profiles) and the
programme's activity on it (cohorts, reviews, development actions)."""

from talent.seeding.pool import (
    TalentSeeder,
    TalentSeedResult,
    seed_demo_clinician,
    seed_talent,
    senior_pools,
)
from talent.seeding.programme import ProgrammeSeeder, seed_demo_plan, seed_reviewers

__all__ = [
    "ProgrammeSeeder",
    "TalentSeedResult",
    "TalentSeeder",
    "seed_demo_clinician",
    "seed_demo_plan",
    "seed_reviewers",
    "seed_talent",
    "senior_pools",
]
