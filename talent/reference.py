"""Load the programme's entry levels (idempotent); national admins edit them afterwards."""

import json
from pathlib import Path

from django.db import transaction

from careers.models import Level
from talent.models import EntryLevel

DATA = Path(__file__).parent / "data" / "reference.json"


@transaction.atomic
def load() -> dict[str, int]:
    """Create missing entry levels; existing ones keep any edits national admins made."""
    data = json.loads(DATA.read_text())
    levels = {lv.rank: lv for lv in Level.objects.all()}
    created = 0
    for row in data["entry_levels"]:
        row = dict(row)
        feeders = row.pop("feeder_levels")
        entry, was_created = EntryLevel.objects.get_or_create(
            code=row["code"], defaults=row
        )
        if was_created:
            entry.feeder_levels.set([levels[r] for r in feeders])
            created += 1
    return {"entry_levels": len(data["entry_levels"])}
