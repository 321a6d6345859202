"""An organisation's board at a date: members, backgrounds, vacancies, interims, gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from careers.models import ProfessionGroup, Role
from leadership.models import Appointment, ContractType, Organisation, Registration

# Posts every NHS trust board must fill (NHS Trusts (Membership and Procedure)
# Regulations 1990, reg. 4; REFERENCE.md 1.2): chief executive, finance director, a
# medical or dental practitioner and a registered nurse or midwife; and a chair.
REQUIRED_TRUST_ROLES = (
    "chair",
    "chief-executive",
    "director-of-finance",
    "medical-director",
    "director-of-nursing",
)
# Clinical professions a board is tested against for "who is missing from the table".
CLINICAL_GROUPS = [
    g for g in ProfessionGroup if g not in (ProfessionGroup.NON_CLINICAL,)
]
TEMPORARY = {ContractType.INTERIM, ContractType.FIXED_TERM, ContractType.ACTING}


@dataclass
class Board:
    organisation: Organisation
    on: dt.date
    members: list[Appointment]
    vacancies: list[Role]
    temporary: list[Appointment]
    groups_present: list[tuple[str, str]]
    groups_missing: list[tuple[str, str]]
    executive: list[Appointment] = field(default_factory=list)
    non_executive: list[Appointment] = field(default_factory=list)

    @property
    def voting(self) -> int:
        return sum(1 for m in self.members if m.is_voting)

    @property
    def clinical(self) -> int:
        return sum(1 for m in self.members if m.person.profession.is_clinical)


def board_members(*, organisation: Organisation, on: dt.date) -> list[Appointment]:
    """Board posts held at the organisation on the date, with each member's background."""
    return list(
        Appointment.objects.current(on)
        .board()
        .filter(organisation=organisation)
        .select_related("person__profession", "role", "level", "grade")
        .prefetch_related(
            "person__other_professions",
            Prefetch(
                "person__registrations",
                queryset=Registration.objects.select_related("regulator"),
            ),
        )
        .order_by("board_seat", "-level__rank", "role__sort_order", "person__full_name")
    )


def board_get(*, organisation: Organisation, on: dt.date | None = None) -> Board:
    """Assemble the board view in a fixed number of queries."""
    on = on or dt.date.today()
    members = board_members(organisation=organisation, on=on)
    held = {m.role.code for m in members if m.role}
    required = (
        list(Role.objects.filter(code__in=REQUIRED_TRUST_ROLES).select_related("level"))
        if organisation.kind == "trust"
        else []
    )
    vacancies = [r for r in required if r.code not in held]
    present = set()
    for m in members:
        present.add(m.person.profession.group)
        present.update(p.group for p in m.person.other_professions.all())
    if ProfessionGroup.DENTAL in present:
        present.add(ProfessionGroup.MEDICAL)
    labels = dict(ProfessionGroup.choices)
    return Board(
        organisation=organisation,
        on=on,
        members=members,
        vacancies=vacancies,
        temporary=[m for m in members if m.contract_type in TEMPORARY],
        groups_present=[(g, labels[g]) for g in ProfessionGroup.values if g in present],
        groups_missing=[
            (g.value, g.label) for g in CLINICAL_GROUPS if g not in present
        ],
        executive=[m for m in members if m.board_seat == "executive"],
        non_executive=[m for m in members if m.board_seat == "non_executive"],
    )
