"""Load professions, the ladder, grades, the role catalogue and the curated careers
content (programmes, pathways and their steps, case studies). Idempotent: every row is
matched on its code, steps on (pathway, from role, to role), so a rerun updates in place
and removes steps a pathway no longer lists."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from careers.models import (
    CaseStudy,
    Grade,
    Level,
    Pathway,
    PathwayStep,
    Profession,
    Programme,
    Role,
)
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
    for row in data.get("programmes", []):
        row = dict(row, entry_level=levels[row["entry_level"]])
        Programme.objects.update_or_create(code=row["code"], defaults=row)
    steps = _load_pathways(data.get("pathways", []))
    _load_case_studies(data.get("case_studies", []), professions)
    return {
        "professions": len(data["professions"]),
        "levels": len(data["levels"]),
        "grades": len(data["grades"]),
        "roles": len(data["roles"]),
        "programmes": len(data.get("programmes", [])),
        "pathways": len(data.get("pathways", [])),
        "pathway_steps": steps,
        "case_studies": len(data.get("case_studies", [])),
    }


def _load_pathways(rows: list[dict[str, Any]]) -> int:
    roles = {r.code: r for r in Role.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    count = 0
    for row in rows:
        row = dict(row)
        step_rows = row.pop("steps")
        pathway, _ = Pathway.objects.update_or_create(code=row["code"], defaults=row)
        kept: list[int] = []
        for s in step_rows:
            step, _ = PathwayStep.objects.update_or_create(
                pathway=pathway,
                from_role=roles[s["from"]],
                to_role=roles[s["to"]],
                defaults={
                    "kind": s["kind"],
                    "typical_years": Decimal(str(s["typical_years"])),
                    "experience": s["experience"],
                    "qualifications": s["qualifications"],
                    "barriers": s["barriers"],
                },
            )
            step.programmes.set([programmes[c] for c in s["programmes"]])
            kept.append(step.pk)
            count += 1
        # Steps a plan or case study still uses stay; others the data dropped go.
        pathway.steps.exclude(pk__in=kept).filter(
            plan_steps__isnull=True, case_studies__isnull=True
        ).delete()
    return count


def _load_case_studies(rows: list[dict[str, Any]], professions: list[Profession]):
    by_code = {p.code: p for p in professions}
    roles = {r.code: r for r in Role.objects.all()}
    steps = {
        (group, a, b): pk
        for pk, group, a, b in PathwayStep.objects.values_list(
            "pk", "pathway__profession_group", "from_role__code", "to_role__code"
        )
    }
    for row in rows:
        row = dict(row)
        links = row.pop("steps")
        row["profession"] = by_code[row["profession"]]
        row["current_role"] = roles[row["current_role"]]
        case, _ = CaseStudy.objects.update_or_create(slug=row["slug"], defaults=row)
        case.steps.set([steps[tuple(link)] for link in links])
