"""The talent programme's models, one module per subject."""

from talent.models.actions import (
    OPEN_STATUSES,
    PLACEMENT_KINDS,
    ActionKind,
    ActionStatus,
    DevelopmentAction,
)
from talent.models.cohorts import Cohort, CohortMembership
from talent.models.nominations import Nomination, NominationStatus
from talent.models.profiles import (
    EntryLevel,
    IdentifiedBy,
    ProfileStatus,
    TalentProfile,
    TalentProfileQuerySet,
)
from talent.models.reviews import (
    LeadershipDimension,
    Readiness,
    Score,
    TalentReview,
    nine_box,
    nine_box_labels,
)

__all__ = [
    "OPEN_STATUSES",
    "PLACEMENT_KINDS",
    "ActionKind",
    "ActionStatus",
    "Cohort",
    "CohortMembership",
    "DevelopmentAction",
    "EntryLevel",
    "IdentifiedBy",
    "LeadershipDimension",
    "Nomination",
    "NominationStatus",
    "ProfileStatus",
    "Readiness",
    "Score",
    "TalentProfile",
    "TalentProfileQuerySet",
    "TalentReview",
    "nine_box",
    "nine_box_labels",
]
