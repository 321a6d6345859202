"""Load ethnic categories and the NHS organisations bundled with the code (idempotent)."""

import json
from pathlib import Path

from django.db import transaction

from leadership.models import EthnicCategory

DATA = Path(__file__).parent / "data" / "reference.json"
ODS_DIR = Path(__file__).parent / "data" / "ods"


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update the ethnic categories and load the bundled ODS files."""
    from leadership.services.ods import ods_load
    from leadership.services.people import directory_refresh

    data = json.loads(DATA.read_text())
    for row in data["ethnic_categories"]:
        EthnicCategory.objects.update_or_create(code=row["code"], defaults=row)
    counts = {"ethnic_categories": len(data["ethnic_categories"])}
    counts.update(ods_load(directory=ODS_DIR).as_counts())
    # The ladder (careers) is loaded first; a changed rank or directory threshold
    # changes who counts as a leader.
    counts["directory entries changed"] = directory_refresh()
    return counts
