"""The return-to-practice planner form."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from regulation.models import Regulator


class ReturnForm(forms.Form):
    regulator = forms.ModelChoiceField(
        queryset=Regulator.objects.filter(oversees_regulators=False),
        empty_label="Choose your regulator",
        error_messages={"required": "Choose your regulator"},
    )
    years_out = forms.DecimalField(
        label="Years out of clinical practice (or off the register)",
        help_text="For example, 2.5",
        min_value=Decimal(0),
        max_value=Decimal(50),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Enter how many years you have been out of practice",
            "min_value": "Years out of practice must be between 0 and 50",
            "max_value": "Years out of practice must be between 0 and 50",
            "invalid": "Enter a number of years, for example 2.5",
        },
    )
    hours_last_3_years = forms.IntegerField(
        label="Registered practice hours in the last 3 years (NMC only, optional)",
        required=False,
        min_value=0,
        max_value=6000,
        error_messages={
            "min_value": "Enter 0 or more",
            "max_value": "Enter 6,000 or fewer",
        },
    )
    hours_last_5_years = forms.IntegerField(
        label="Registered practice hours in the last 5 years (NMC only, optional)",
        required=False,
        min_value=0,
        max_value=10000,
        error_messages={
            "min_value": "Enter 0 or more",
            "max_value": "Enter 10,000 or fewer",
        },
    )

    def clean(self):
        data = super().clean()
        h3, h5 = data.get("hours_last_3_years"), data.get("hours_last_5_years")
        if h3 is not None and h5 is not None and h5 < h3:
            self.add_error(
                "hours_last_5_years",
                "Hours in the last 5 years cannot be fewer than in the last 3 years",
            )
        return data
