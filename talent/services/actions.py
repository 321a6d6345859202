"""Development actions: creating and updating items on a development plan."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from leadership.models import Organisation, Person
from talent.models import (
    PLACEMENT_KINDS,
    ActionKind,
    ActionStatus,
    DevelopmentAction,
    TalentProfile,
)

EDITABLE = frozenset(
    {"title", "owner", "host_organisation", "starts_on", "due_on", "status", "outcome"}
)


def _check(action: DevelopmentAction) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if action.kind == ActionKind.SECONDMENT and action.host_organisation_id is None:
        errors["host_organisation"] = [
            ValidationError(
                "A secondment or rotation needs a host organisation.",
                code="host_required",
            )
        ]
    elif action.host_organisation_id is not None:
        if action.kind not in PLACEMENT_KINDS:
            errors["host_organisation"] = [
                ValidationError(
                    "Only placements (secondment, acting-up, shadowing) have a host.",
                    code="host_not_allowed",
                )
            ]
        elif action.host_organisation_id == action.profile.organisation_id:
            errors["host_organisation"] = [
                ValidationError(
                    "The host must be another organisation than the home one.",
                    code="host_is_home",
                )
            ]
    if action.status == ActionStatus.DONE and not action.outcome.strip():
        errors["outcome"] = [
            ValidationError(
                "Say what came of it before marking it done.", code="required"
            )
        ]
    if errors:
        raise ValidationError(errors)
    action.full_clean()


@transaction.atomic
def development_action_create(
    *,
    profile: TalentProfile,
    kind: str,
    title: str,
    due_on: dt.date,
    owner: Person | None = None,
    host_organisation: Organisation | None = None,
    starts_on: dt.date | None = None,
    status: str = ActionStatus.PLANNED,
    outcome: str = "",
    by: User | None = None,
) -> DevelopmentAction:
    """Add an action to a profile's plan; a placement names its host organisation."""
    action = DevelopmentAction(
        profile=profile,
        kind=kind,
        title=title,
        due_on=due_on,
        owner=owner,
        host_organisation=host_organisation,
        starts_on=starts_on,
        status=status,
        outcome=outcome,
    )
    _check(action)
    if by is not None:
        action._history_user = by  # type: ignore[attr-defined]
    action.save()
    return action


@transaction.atomic
def development_action_update(
    *, action: DevelopmentAction, by: User | None = None, **changes: object
) -> DevelopmentAction:
    """Change an action (status, outcome, dates...); the kind and profile stay fixed."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(
            {
                f: ValidationError("This field cannot be changed.", code="read_only")
                for f in sorted(unknown)
            }
        )
    for name, value in changes.items():
        setattr(action, name, value)
    _check(action)
    if by is not None:
        action._history_user = by  # type: ignore[attr-defined]
    action.save()
    return action
