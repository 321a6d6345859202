"""Turn a stored result into what one reader may see: the small-number rule, then shares.

Results are stored with raw counts only. Everything a page, the API, an export or the
command shows goes through `present`, which decides the rule once per reader and scope
(`report_disclosure`) and derives every share, gap, ceiling and ranking from the figures
as shown, so a suppressed count cannot be recovered from a share computed before it was
rounded.
"""

from __future__ import annotations

from typing import Any

from accounts.disclosure import SHOW_ALL, SUPPRESS, Disclosure
from accounts.roles import Role
from accounts.scoping import membership_paths
from leadership.models import Organisation
from reports.models import ReportKind
from reports.presenters.board import present_board_diversity
from reports.presenters.ceiling import present_ceiling, present_workforce_summary

OWN_ROLES = (Role.TALENT_LEAD, Role.BOARD_MEMBER)


def report_disclosure(*, user: Any, scope: Organisation) -> Disclosure:
    """Everything for the scope's own talent lead and board, and national totals.

    Anyone else (a national admin looking at a region, a talent lead of an ICB looking
    at one of its trusts) sees the NHS Digital rule applied.
    """
    if scope.depth == 0 or getattr(user, "is_superuser", False):
        return SHOW_ALL
    paths = membership_paths(user)
    if any(scope.path in paths.get(role, ()) for role in OWN_ROLES):
        return SHOW_ALL
    return SUPPRESS


def present(
    kind: str, result: dict[str, Any] | None, disclosure: Disclosure, **options: Any
) -> dict[str, Any] | None:
    """Return the result as this reader may see it (None for no result)."""
    if result is None:
        return None
    if kind == ReportKind.CEILING:
        return present_ceiling(result, disclosure, **options)
    if kind == ReportKind.BOARD_DIVERSITY:
        return present_board_diversity(result, disclosure)
    if kind == ReportKind.WORKFORCE_SUMMARY:
        return present_workforce_summary(result, disclosure)
    raise ValueError(f"Unknown report kind {kind!r}")
