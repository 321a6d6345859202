"""Careers data: the catalogue (professions, levels, grades, roles), curated content
(programmes, pathways, case studies) and clinicians' plans and advice requests."""

from careers.models.catalogue import (
    BoardSeat,
    Grade,
    GradeScheme,
    HlmDimension,
    HlmLevel,
    Level,
    Profession,
    ProfessionGroup,
    Role,
)
from careers.models.content import (
    CaseStudy,
    CostBand,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeFormat,
    StepKind,
)
from careers.models.plans import (
    AdviceMessage,
    AdviceRequest,
    AdviceStatus,
    AdviceTopic,
    CareerPlan,
    CareerPlanStep,
)
from careers.models.publishing import Publishable, PublishStatus

__all__ = [
    "AdviceMessage",
    "AdviceRequest",
    "AdviceStatus",
    "AdviceTopic",
    "BoardSeat",
    "CareerPlan",
    "CareerPlanStep",
    "CaseStudy",
    "CostBand",
    "Grade",
    "GradeScheme",
    "HlmDimension",
    "HlmLevel",
    "Level",
    "Pathway",
    "PathwayStep",
    "Profession",
    "ProfessionGroup",
    "Programme",
    "ProgrammeFormat",
    "PublishStatus",
    "Publishable",
    "Role",
    "StepKind",
]
