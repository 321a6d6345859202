"""Load professions, the level ladder, grades and the role catalogue (idempotent)."""

import json
from pathlib import Path

from django.db import transaction

from careers.models import Grade, Level, Profession, Role
from regulation.models import Regulator

DATA = Path(__file__).parent / "data" / "reference.json"


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update every reference row by its code; return counts per table."""
    data = json.loads(DATA.read_text())
    regulators = {r.code: r for r in Regulator.objects.all()}
    for row in data["professions"]:
        row = dict(row)
        code = row.pop("regulator")
        row["regulator"] = regulators[code] if code else None
        Profession.objects.update_or_create(code=row["code"], defaults=row)
    for row in data["levels"]:
        Level.objects.update_or_create(rank=row["rank"], defaults=row)
    levels = {lv.rank: lv for lv in Level.objects.all()}
    for row in data["grades"]:
        row = dict(row, level=levels[row["level"]])
        Grade.objects.update_or_create(
            scheme=row["scheme"], code=row["code"], defaults=row
        )
    professions = list(Profession.objects.all())
    for row in data["roles"]:
        row = dict(row, level=levels[row["level"]])
        groups = set(row.pop("typical_groups"))
        codes = set(row.pop("typical_professions"))
        role, _ = Role.objects.update_or_create(code=row["code"], defaults=row)
        typical = [
            p
            for p in professions
            if p.code in codes or (not codes and p.group in groups)
        ]
        role.typical_professions.set(typical)
    return {
        "professions": len(data["professions"]),
        "levels": len(data["levels"]),
        "grades": len(data["grades"]),
        "roles": len(data["roles"]),
    }
