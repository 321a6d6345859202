"""Reads for organisations, people and timelines, already prefetched for their pages."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from leadership.models import Organisation


def organisation_list() -> QuerySet[Organisation]:
    """Organisations are public reference data: every signed-in user may list them."""
    return Organisation.objects.select_related("parent").order_by("name")


def organisation_get(*, ods_code: str) -> Organisation:
    """Return one organisation with its parent chain, or raise 404."""
    return get_object_or_404(
        Organisation.objects.select_related("parent__parent__parent"), ods_code=ods_code
    )


def organisation_children(*, organisation: Organisation) -> QuerySet[Organisation]:
    """Bodies directly beneath an organisation, with how many bodies each holds."""
    return (
        Organisation.objects.filter(parent=organisation)
        .annotate(
            child_count=Count("children", filter=Q(children__closed_on__isnull=True))
        )
        .order_by("closed_on", "name")
    )


def organisation_ancestors(*, organisation: Organisation) -> list[Organisation]:
    """Return the chain from the nation down to the organisation's parent, in one query."""
    codes = [c for c in organisation.path.strip("/").split("/")[:-1] if c]
    by_code = {o.ods_code: o for o in Organisation.objects.filter(ods_code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]
