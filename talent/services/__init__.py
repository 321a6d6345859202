"""Writes for the talent programme, one module per subject; the only write path."""

from talent.services.actions import (
    development_action_create,
    development_action_update,
)
from talent.services.cohorts import cohort_add_profiles, cohort_create
from talent.services.nominations import nomination_decide, nomination_submit
from talent.services.profiles import (
    DEFAULT_BATCH_SIZE,
    current_levels,
    feeder_map,
    profile_problems,
    talent_profile_create,
    talent_profile_delete,
    talent_profile_progress,
    talent_profile_restore,
    talent_profile_save,
    talent_profile_update,
    talent_profiles_bulk_create,
)
from talent.services.reviews import eligible_reviewers, talent_review_record

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "cohort_add_profiles",
    "cohort_create",
    "current_levels",
    "development_action_create",
    "development_action_update",
    "eligible_reviewers",
    "feeder_map",
    "nomination_decide",
    "nomination_submit",
    "profile_problems",
    "talent_profile_create",
    "talent_profile_delete",
    "talent_profile_progress",
    "talent_profile_restore",
    "talent_profile_save",
    "talent_profile_update",
    "talent_profiles_bulk_create",
    "talent_review_record",
]
