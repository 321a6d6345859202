"""Load NHS organisations from the files NHS ODS publishes, as they are published.

Files (27 columns, no header row): eauth.csv (regions), etr.csv (trusts), eccg.csv
(sub-ICB locations), plus the ONS sub-ICB -> ICB -> region lookup with a header row.
The hierarchy built is nation > NHS England region > ICB > trust or sub-ICB location.
Closed bodies are kept and marked closed, because historical appointments point at them.
The load validates every file first and writes nothing if any row is bad.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from accounts.uploads import (
    SNIFF_BYTES,
    csv_error_problem,
    file_size_problem,
    file_type_problem,
    formula_problem,
)
from leadership.models import Organisation, OrganisationKind, TrustType

ODS_COLUMNS = 27
LOOKUP_HEADER = {"ICB24CDH", "ICB24NM", "NHSER24CDH"}
NATIONS = {"ENG": "England", "WAL": "Wales"}
# NHS England commissioning regions; Y51-Y53 were IT programmes, not regions.
REGION_CODE = re.compile(r"^Y(5[4-9]|6\d)$")
IT_PROGRAMME_CODE = re.compile(r"^Y5[1-3]$")
WELSH_BODY_CODE = re.compile(r"^W\d\d$")
WALES_GOR = "W"

_TRUST_TYPE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (TrustType.AMBULANCE, ("AMBULANCE",)),
    (
        TrustType.MENTAL_HEALTH,
        ("MENTAL HEALTH", "PARTNERSHIP", "PSYCHIATR", "TAVISTOCK", "BEHAVIOURAL"),
    ),
    (TrustType.COMMUNITY, ("COMMUNITY",)),
]


class OdsFileError(Exception):
    """The files could not be loaded; `problems` says where and why, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class OdsRecord:
    code: str
    name: str
    kind: str
    parent_code: str | None
    trust_type: str = ""
    address: str = ""
    postcode: str = ""
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None


@dataclass
class OdsLoadResult:
    created: int = 0
    updated: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def as_counts(self) -> dict[str, int]:
        return {
            "organisations_created": self.created,
            "organisations_updated": self.updated,
        }


def infer_trust_type(name: str) -> str:
    """Infer a trust's type from its name; ODS does not publish one."""
    upper = name.upper()
    for trust_type, words in _TRUST_TYPE_WORDS:
        if any(word in upper for word in words):
            return trust_type
    return TrustType.ACUTE


def _title(name: str) -> str:
    """Turn ODS upper case into readable title case, keeping NHS and similar acronyms."""
    keep = {"NHS", "ICB", "CCG", "IT", "UK", "ODS", "II"}
    words = []
    for word in name.split():
        bare = word.strip("(),")
        if bare in keep:
            words.append(word)
        elif bare.lower() in {"and", "of", "the", "for", "in", "on", "upon"} and words:
            words.append(word.lower())
        else:
            words.append(
                word.capitalize()
                if "-" not in word
                else "-".join(p.capitalize() for p in word.split("-"))
            )
    return " ".join(words)


def _date(value: str, where: str, problems: list[str]) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        problems.append(f"{where}: '{value}' is not a date in YYYYMMDD form")
        return None


def _not_text(path: Path) -> str | None:
    """Why a file cannot be read as CSV text at all (too large, binary), from its size
    and first bytes, before it is parsed."""
    too_large = file_size_problem(path)
    if too_large:
        return too_large
    with path.open("rb") as handle:
        not_csv = file_type_problem(handle.read(SNIFF_BYTES))
    return f"{path.name}: {not_csv}" if not_csv else None


def _cell_problem(row: list[str]) -> str | None:
    """A NUL byte (PostgreSQL cannot store one) or a formula cell, with its column."""
    for column, value in enumerate(row, start=1):
        problem = formula_problem(value) or (
            "This cell holds a NUL byte: binary data, not text."
            if "\x00" in value
            else None
        )
        if problem:
            return f"column {column}: {problem}"
    return None


def _read_text(path: Path, read: Callable[[], None], problems: list[str]) -> bool:
    """Run `read` over a file that exists and is CSV text; a missing, binary, oversized
    or undecodable file, or one the csv module cannot parse, becomes one problem.
    Return whether `read` ran to the end."""
    if not path.exists():
        problems.append(f"{path.name}: file not found in {path.parent}")
        return False
    not_text = _not_text(path)
    if not_text:
        problems.append(not_text)
        return False
    try:
        read()
    except UnicodeDecodeError:
        problems.append(f"{path.name}: the file is not UTF-8 text")
    except csv.Error as exc:
        problems.append(f"{path.name}: {csv_error_problem(exc)}")
    else:
        return True
    return False


def _read_ods_file(path: Path, problems: list[str]) -> list[tuple[int, list[str]]]:
    """Return (file row number, row) for every well-formed row; note the others."""
    rows: list[tuple[int, list[str]]] = []
    read = _read_text(path, lambda: _read_ods_rows(path, rows, problems), problems)
    if read and not rows and not any(p.startswith(f"{path.name} ") for p in problems):
        problems.append(f"{path.name}: the file has no rows")
    return rows


def _read_ods_rows(
    path: Path, rows: list[tuple[int, list[str]]], problems: list[str]
) -> None:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row:
                continue
            cell_problem = _cell_problem(row)
            if cell_problem:
                problems.append(f"{path.name} row {number} {cell_problem}")
                continue
            if len(row) != ODS_COLUMNS:
                problems.append(
                    f"{path.name} row {number}: expected {ODS_COLUMNS} columns, found {len(row)}"
                )
                continue
            if not row[0].strip() or not row[1].strip():
                problems.append(
                    f"{path.name} row {number}: column 1 (code) or 2 (name) is empty"
                )
                continue
            rows.append((number, row))


def _record(
    row: list[str], kind: str, parent: str | None, where: str, problems: list[str]
):
    address = ", ".join(_title(p) for p in row[4:9] if p.strip())
    return OdsRecord(
        code=row[0].strip(),
        name=_title(row[1].strip()),
        kind=kind,
        parent_code=parent,
        trust_type=infer_trust_type(row[1]) if kind == OrganisationKind.TRUST else "",
        address=address,
        postcode=row[9].strip(),
        opened_on=_date(row[10], f"{where} column 11", problems),
        closed_on=_date(row[11], f"{where} column 12", problems),
    )


def _read_lookup(
    lookup: Path, records: dict[str, OdsRecord], problems: list[str]
) -> None:
    """Add the ICBs of the ONS lookup (with a header row) under their regions."""
    with lookup.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = LOOKUP_HEADER - set(reader.fieldnames or [])
        if missing:
            problems.append(f"{lookup.name}: header lacks {', '.join(sorted(missing))}")
            return
        found = 0
        for number, row in enumerate(reader, start=2):
            found += 1
            # DictReader gives a list (extra cells) or None (missing ones) too.
            cells = [v for v in row.values() if isinstance(v, str)]
            cell_problem = _cell_problem(cells)
            if cell_problem:
                problems.append(f"{lookup.name} row {number} {cell_problem}")
                continue
            code, region = row["ICB24CDH"].strip(), row["NHSER24CDH"].strip()
            if region not in records:
                problems.append(
                    f"{lookup.name} row {number}: unknown region '{region}'"
                )
                continue
            records.setdefault(
                code,
                OdsRecord(
                    code=code,
                    name=row["ICB24NM"].strip(),
                    kind=OrganisationKind.ICB,
                    parent_code=region,
                ),
            )
        if not found:
            problems.append(f"{lookup.name}: the file has a header but no rows")


def ods_parse(directory: Path) -> list[OdsRecord]:
    """Read and validate the ODS files in `directory`; raise OdsFileError listing problems."""
    problems: list[str] = []
    records: dict[str, OdsRecord] = {
        code: OdsRecord(
            code=code, name=name, kind=OrganisationKind.NATION, parent_code=None
        )
        for code, name in NATIONS.items()
    }

    for number, row in _read_ods_file(directory / "eauth.csv", problems):
        code, where = row[0].strip(), f"eauth.csv row {number}"
        if REGION_CODE.match(code):
            records[code] = _record(
                row, OrganisationKind.REGION, "ENG", where, problems
            )
        elif IT_PROGRAMME_CODE.match(code):
            records[code] = _record(
                row, OrganisationKind.NATIONAL_BODY, "ENG", where, problems
            )
        elif WELSH_BODY_CODE.match(code):
            records[code] = _record(
                row, OrganisationKind.NATIONAL_BODY, "WAL", where, problems
            )
        # Government office regions (A-K, W) are geography, not NHS bodies: not loaded.

    lookup = directory / "icb_region_lookup_2024.csv"
    _read_text(lookup, lambda: _read_lookup(lookup, records, problems), problems)

    def parent_for(row: list[str]) -> str:
        region, icb = row[2].strip(), row[3].strip()
        if icb in records and records[icb].kind == OrganisationKind.ICB:
            return icb
        if region in records:
            return region
        return "WAL" if row[23].strip() == WALES_GOR else "ENG"

    for filename, kind in (
        ("etr.csv", OrganisationKind.TRUST),
        ("eccg.csv", OrganisationKind.SUB_ICB),
    ):
        for number, row in _read_ods_file(directory / filename, problems):
            where = f"{filename} row {number}"
            code = row[0].strip()
            if code in records:
                problems.append(f"{where}: ODS code '{code}' appears twice")
                continue
            records[code] = _record(row, kind, parent_for(row), where, problems)

    if problems:
        raise OdsFileError(problems)
    return list(records.values())


def _paths(records: dict[str, OdsRecord]) -> dict[str, str]:
    paths: dict[str, str] = {}

    def path_of(code: str) -> str:
        if code not in paths:
            parent = records[code].parent_code
            paths[code] = (path_of(parent) if parent else "/") + code + "/"
        return paths[code]

    for code in records:
        path_of(code)
    return paths


FIELDS = ["name", "kind", "trust_type", "address", "postcode", "opened_on", "closed_on"]


@transaction.atomic
def ods_load(*, directory: Path) -> OdsLoadResult:
    """Create or update every organisation in the ODS files, all or nothing.

    Matching is on ODS code, so loading the same files twice changes nothing.
    """
    records = {r.code: r for r in ods_parse(Path(directory))}
    paths = _paths(records)
    existing = {o.ods_code: o for o in Organisation.objects.all()}
    result = OdsLoadResult()
    # Parents first, so every child can point at a saved row.
    for code in sorted(records, key=lambda c: paths[c].count("/")):
        record = records[code]
        parent = existing.get(record.parent_code) if record.parent_code else None
        values = {f: getattr(record, f) for f in FIELDS}
        values.update(parent=parent, path=paths[code], depth=paths[code].count("/") - 2)
        org = existing.get(code)
        if org is None:
            existing[code] = Organisation.objects.create(ods_code=code, **values)
            result.created += 1
        elif any(getattr(org, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(org, key, value)
            org.save()
            result.updated += 1
        result.by_kind[record.kind] = result.by_kind.get(record.kind, 0) + 1
    return result
