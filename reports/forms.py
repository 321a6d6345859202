"""The dashboard's filter form: which stored date, which profession, which threshold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms


class ReportFilterForm(forms.Form):
    as_of = forms.ChoiceField(label="Report date", required=False)
    profession = forms.CharField(
        label="Profession or group code",
        required=False,
        max_length=64,
        help_text="For example nursing, physiotherapy or ahp.",
    )
    threshold = forms.IntegerField(
        label="Ceiling ignores levels with at most this many staff",
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages={"invalid": "Enter the number of staff as a whole number."},
    )

    def __init__(self, *args: Any, dates: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].choices = [("", "Latest")] + [
            (d.isoformat(), d.strftime("%-d %B %Y")) for d in dates
        ]

    def value(self, name: str) -> Any:
        """The cleaned value, or None when the field is empty or has an error."""
        if not self.is_bound or name in self.errors:
            return None
        value = self.cleaned_data.get(name)
        return None if value in ("", None) else value
