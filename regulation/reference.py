"""Load the regulators from regulation/data/reference.json (idempotent)."""

import json
from pathlib import Path

from django.db import transaction

from regulation.models import Regulator

DATA = Path(__file__).parent / "data" / "reference.json"


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update every regulator; return how many rows were loaded."""
    data = json.loads(DATA.read_text())
    for row in data["regulators"]:
        Regulator.objects.update_or_create(code=row["code"], defaults=row)
    return {"regulators": len(data["regulators"])}
