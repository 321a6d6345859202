"""Directory export rows: the same columns in CSV and XLSX, demographics only if allowed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from leadership.models import Person

BASE_COLUMNS = [
    "external_ref",
    "full_name",
    "profession",
    "clinical",
    "specialty",
    "current_posts",
    "current_organisations",
    "latest_appointment_start",
]
DEMOGRAPHIC_COLUMNS = ["sex", "ethnic_category", "disability", "year_of_birth"]


def directory_header(with_demographics: bool) -> list[str]:
    return BASE_COLUMNS + (DEMOGRAPHIC_COLUMNS if with_demographics else [])


def directory_rows(
    people: QuerySet[Person], with_demographics: bool
) -> Iterator[list[Any]]:
    """Yield one row per person, reading the queryset in chunks with its prefetches."""
    for person in people.iterator(chunk_size=500):
        posts = getattr(person, "current_posts", [])
        row: list[Any] = [
            person.external_ref,
            person.full_name,
            person.profession.name,
            "yes" if person.profession.is_clinical else "no",
            person.get_specialty_display() if person.specialty else "",
            "; ".join(p.label for p in posts),
            "; ".join(p.organisation.name for p in posts),
            person.latest_start.isoformat()
            if getattr(person, "latest_start", None)
            else "",
        ]
        if with_demographics:
            row += [
                person.get_sex_display() if person.sex else "",
                person.ethnic_category_id or "",
                person.get_disability_display() if person.disability else "",
                person.year_of_birth or "",
            ]
        yield row
