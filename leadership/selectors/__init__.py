"""Reads for leadership, by subject; each returns scoped, prefetched querysets or data."""

from leadership.selectors.organisations import (
    organisation_ancestors,
    organisation_children,
    organisation_get,
    organisation_list,
)

__all__ = [
    "organisation_ancestors",
    "organisation_children",
    "organisation_get",
    "organisation_list",
]
