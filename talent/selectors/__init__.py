"""Reads for the talent programme, one module per subject, all scoped by the caller."""

from talent.selectors.profiles import (
    action_list,
    cohort_get,
    cohort_list,
    cohort_members,
    my_profiles,
    nomination_list,
    review_list,
    talent_profile_get,
    talent_profile_list,
    talent_profile_list_with_review,
)

__all__ = [
    "action_list",
    "cohort_get",
    "cohort_list",
    "cohort_members",
    "my_profiles",
    "nomination_list",
    "review_list",
    "talent_profile_get",
    "talent_profile_list",
    "talent_profile_list_with_review",
]
