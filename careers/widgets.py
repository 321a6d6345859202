"""A select widget that renders its options in Python.

Django's Select renders one template per option; with the role catalogue (60+ roles)
twice on a page that alone cost about 40 ms a request, over the 100 ms budget.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class FastSelect(forms.Select):
    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (opt["value"], " selected" if opt["selected"] else "", opt["label"])
                for _, group, _ in widget["optgroups"]
                for opt in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options,
        )
