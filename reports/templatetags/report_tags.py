"""Formatting for report figures as shown: "*" stays "*", nothing shows as a dash."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def pct(value: Any) -> str:
    """A share as "12.5%"; a suppressed one as "*"; none as "-"."""
    if value is None or value == "":
        return "-"
    if isinstance(value, int | float):
        return f"{value:g}%"
    return str(value)


@register.filter
def pp(value: Any) -> str:
    """A gap in percentage points with its sign: "+3.2", "-14.0"."""
    if value is None:
        return "-"
    if isinstance(value, int | float):
        return f"{value:+.1f}"
    return str(value)


@register.filter
def figure(value: Any) -> str:
    return "-" if value is None else str(value)
