"""Talent pages; every query starts from what the user may see."""

from talent.views.clinician import (
    my_programme,
    nominate,
    nomination_decide,
    nomination_list,
)
from talent.views.cohorts import cohort_detail, cohort_list
from talent.views.insight import (
    dashboard,
    equity,
    outcomes,
    succession,
    succession_index,
)
from talent.views.profiles import (
    action_create,
    profile_detail,
    profile_list,
    profile_progress,
    review_create,
)

__all__ = [
    "action_create",
    "cohort_detail",
    "cohort_list",
    "dashboard",
    "equity",
    "my_programme",
    "nominate",
    "nomination_decide",
    "nomination_list",
    "outcomes",
    "profile_detail",
    "profile_list",
    "profile_progress",
    "review_create",
    "succession",
    "succession_index",
]
