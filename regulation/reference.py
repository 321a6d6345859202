"""Load regulators, their structured rules and the guidance articles (idempotent).

Rules and articles are matched on stable keys (regulator + kind, slug), so running the
loader again updates them in place; each rule is validated before it is saved.
"""

import json
from pathlib import Path

from django.db import transaction

from regulation.models import GuidanceArticle, Regulator, RegulatorRule

DATA = Path(__file__).parent / "data" / "reference.json"


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update every regulator, rule and article; return counts per table."""
    data = json.loads(DATA.read_text())
    for row in data["regulators"]:
        Regulator.objects.update_or_create(code=row["code"], defaults=row)
    regulators = {r.code: r for r in Regulator.objects.all()}
    for row in data.get("rules", []):
        row = dict(row)
        regulator = regulators[row.pop("regulator")]
        rule = RegulatorRule.objects.filter(
            regulator=regulator, kind=row["kind"]
        ).first() or RegulatorRule(regulator=regulator, kind=row["kind"])
        for field, value in row.items():
            setattr(rule, field, value)
        rule.full_clean()
        rule.save()
    for row in data.get("articles", []):
        row = dict(row)
        code = row.pop("regulator")
        row["regulator"] = regulators[code] if code else None
        GuidanceArticle.objects.update_or_create(slug=row["slug"], defaults=row)
    return {
        "regulators": len(data["regulators"]),
        "rules": len(data.get("rules", [])),
        "articles": len(data.get("articles", [])),
    }
