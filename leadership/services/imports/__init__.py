"""Import people, appointments, qualifications and registrations from one CSV format.

Two passes over the stream, so a file of any size never sits in memory. The first pass
validates every row (reference codes from dicts read once, people and registrations
looked up in bulk per chunk) and records each problem with its row and column. The
second pass runs only when the file is clean, or when the caller asked for the valid
rows alone: it reads the file again and writes everything in one transaction through
the people services. Rows are matched on stable keys, so importing the same file
again creates nothing. The format is documented in docs/data-formats.md.
"""

from leadership.services.imports.records import (
    COLUMNS,
    HEADER_ONLY,
    NOT_UTF8,
    NUL_BYTE,
    SAMPLE_PATH,
    Counts,
    ImportResult,
    Problem,
)
from leadership.services.imports.writing import (
    leaders_import,
    leaders_validate,
    result_counts,
)

__all__ = [
    "COLUMNS",
    "HEADER_ONLY",
    "NOT_UTF8",
    "NUL_BYTE",
    "SAMPLE_PATH",
    "Counts",
    "ImportResult",
    "Problem",
    "leaders_import",
    "leaders_validate",
    "result_counts",
]
