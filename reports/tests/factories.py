"""Small hand-built data sets for report tests: workforce cells and board seats."""

from __future__ import annotations

import datetime as dt
import itertools

from careers.models import Level, Profession, Role
from leadership.models import Appointment, EthnicCategory, Organisation, Person
from leadership.services.people import directory_refresh
from reports.models import WorkforceHeadcount

SNAPSHOT = dt.date(2026, 3, 31)
AS_OF = dt.date(2026, 6, 1)
_refs = itertools.count(1)


def cell(
    org: str,
    profession: str,
    rank: int,
    n: int,
    *,
    sex: str = "F",
    ethnic: str = "A",
    disability: str = "N",
    date: dt.date = SNAPSHOT,
) -> WorkforceHeadcount:
    return WorkforceHeadcount.objects.create(
        organisation=Organisation.objects.get(ods_code=org),
        snapshot_date=date,
        profession=Profession.objects.get(code=profession),
        level=Level.objects.get(rank=rank),
        sex=sex,
        ethnic_category=EthnicCategory.objects.get(code=ethnic),
        disability=disability,
        headcount=n,
    )


def seat(
    org: str,
    role: str,
    profession: str,
    *,
    sex: str = "",
    ethnic: str | None = None,
    disability: str = "",
    voting: bool = True,
    contract: str = "substantive",
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date | None = None,
) -> Appointment:
    catalogue = Role.objects.select_related("level").get(code=role)
    person = Person.objects.create(
        external_ref=f"test-{next(_refs)}",
        full_name=f"{role} {profession}",
        profession=Profession.objects.get(code=profession),
        sex=sex,
        ethnic_category_id=ethnic,
        disability=disability,
    )
    appointment = Appointment.objects.create(
        person=person,
        organisation=Organisation.objects.get(ods_code=org),
        role=catalogue,
        level=catalogue.level,
        board_seat=catalogue.board_seat,
        is_voting=voting,
        contract_type=contract,
        start_date=start,
        end_date=end,
    )
    directory_refresh(person_ids=[person.pk])
    return appointment


def manchester_board() -> None:
    """Five seats at R0A on AS_OF (see test_board_diversity for the hand count)."""
    seat(
        "R0A",
        "chief-executive",
        "nursing",
        sex="F",
        ethnic="H",
        disability="N",
        contract="interim",
        start=dt.date(2025, 6, 1),
    )
    seat(
        "R0A",
        "medical-director",
        "medicine",
        sex="M",
        ethnic="A",
        disability="N",
        start=dt.date(2024, 6, 1),
    )
    seat(
        "R0A",
        "director-of-nursing",
        "nursing",
        sex="F",
        ethnic="A",
        disability="Y",
        contract="fixed_term",
        start=dt.date(2026, 1, 1),
    )
    seat(
        "R0A",
        "non-executive-director",
        "finance",
        sex="M",
        ethnic="Z",
        disability="",
        voting=False,
        start=dt.date(2020, 6, 1),
    )
    seat(
        "R0A",
        "chair",
        "general-management",
        sex="F",
        ethnic=None,
        disability="X",
        start=dt.date(2022, 6, 1),
    )
    # Left before AS_OF, and a London board: neither counts for R0A.
    seat(
        "R0A",
        "chief-executive",
        "medicine",
        start=dt.date(2019, 1, 1),
        end=dt.date(2025, 5, 31),
    )
    seat("RJ1", "chief-executive", "medicine", sex="M", ethnic="N")  # fmt: skip
