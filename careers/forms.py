"""Careers forms: route finder, keep-my-registration checker, advice and sharing.

Impossible inputs are rejected next to the field: a target role below the current one
with no route to it, a revalidation date in the past, clinical sessions outside 0-10.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from careers.models import AdviceTopic, Profession, PublishStatus, Role
from careers.routes import PathwayGraph
from careers.widgets import FastSelect


def _roles() -> Any:
    return Role.objects.filter(status=PublishStatus.PUBLISHED).select_related("level")


class RoleChoiceField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, obj: Role) -> str:
        return f"{obj.name} ({obj.level.code})"


def share_choices(form: forms.Form) -> None:
    """Read each choice list once per form, as a plain list.

    ModelChoiceField re-reads its queryset for every rendering through a server-side
    cursor on PostgreSQL; two role lists and a profession list cost about 30 ms.
    Validation still goes through each field's queryset.
    """
    cache: dict[int, list[Any]] = {}
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            key = id(field.queryset.model)
            if key not in cache:
                cache[key] = list(field.queryset)
            label = field.label_from_instance
            field.choices = [("", field.empty_label or "")] + [
                (obj.pk, label(obj)) for obj in cache[key]
            ]


class RouteForm(forms.Form):
    """Choose a profession, a current role and a target role to find routes between."""

    profession = forms.ModelChoiceField(
        widget=FastSelect,
        queryset=Profession.objects.filter(is_clinical=True),
        empty_label="Choose your profession",
        error_messages={"required": "Choose your profession"},
    )
    current_role = RoleChoiceField(
        queryset=_roles(),
        label="Your current role",
        empty_label="Choose your current role",
        error_messages={"required": "Choose your current role"},
    )
    target_role = RoleChoiceField(
        queryset=_roles(),
        label="The role you are aiming for",
        empty_label="Choose a target role",
        error_messages={"required": "Choose the role you are aiming for"},
    )

    graph: PathwayGraph | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        share_choices(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        profession, current, target = (
            data.get("profession"),
            data.get("current_role"),
            data.get("target_role"),
        )
        if not (profession and current and target):
            return data
        if current == target:
            self.add_error(
                "target_role", "Choose a target role different from your current role"
            )
            return data
        # Load the graph once per request; the view reuses it for the routes.
        self.graph = PathwayGraph.load(profession_group=profession.group)
        if target.level.rank < current.level.rank and not self.graph.has_route(
            current.pk, target.pk
        ):
            self.add_error(
                "target_role",
                forms.ValidationError(
                    f"{target.name} is below {current.name} ({target.level.code} "
                    f"against {current.level.code}) and no pathway leads there. Choose "
                    "a role at your level or above, or plan a return to practice.",
                    code="below_with_no_route",
                ),
            )
        return data


class CheckerForm(forms.Form):
    """What a clinician tells the keep-my-registration checker."""

    profession = forms.ModelChoiceField(
        widget=FastSelect,
        queryset=Profession.objects.filter(
            is_clinical=True, regulator__isnull=False
        ).select_related("regulator"),
        empty_label="Choose your profession",
        error_messages={"required": "Choose your profession"},
    )
    planned_role = RoleChoiceField(
        queryset=_roles(),
        label="Your planned role",
        empty_label="Choose a role",
        error_messages={"required": "Choose your planned role"},
    )
    keeps_clinical = forms.TypedChoiceField(
        label="Will you keep clinical sessions?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you will keep clinical sessions"},
    )
    clinical_sessions = forms.IntegerField(
        label="Clinical sessions a week",
        help_text="A session is half a day. Enter a number from 0 to 10.",
        required=False,
        min_value=0,
        max_value=10,
        error_messages={
            "min_value": "Clinical sessions must be between 0 and 10",
            "max_value": "Clinical sessions must be between 0 and 10",
            "invalid": "Clinical sessions must be a whole number from 0 to 10",
        },
    )
    revalidation_due = forms.DateField(
        label="Next revalidation or renewal date",
        help_text="For example, 2027-03-31",
        widget=forms.DateInput(attrs={"class": "nhsuk-u-width-one-third"}),
        error_messages={
            "required": "Enter your next revalidation or renewal date",
            "invalid": "Enter a real date, for example 2027-03-31",
        },
    )
    dual_registration = forms.BooleanField(
        label="I am registered as both a nurse and a midwife", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        share_choices(self)

    def clean_revalidation_due(self) -> dt.date:
        due: dt.date = self.cleaned_data["revalidation_due"]
        if due < dt.date.today():
            raise forms.ValidationError(
                "Your revalidation date must be today or in the future", code="past"
            )
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        keeps, sessions = data.get("keeps_clinical"), data.get("clinical_sessions")
        if keeps is True and not sessions and "clinical_sessions" not in self.errors:
            self.add_error(
                "clinical_sessions",
                forms.ValidationError(
                    "Enter how many clinical sessions you will keep, from 1 to 10",
                    code="sessions_required",
                ),
            )
        if keeps is False:
            data["clinical_sessions"] = 0
        return data


class AdviceRequestForm(forms.Form):
    topic = forms.ChoiceField(
        choices=AdviceTopic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would like advice about"},
    )
    current_role = RoleChoiceField(
        queryset=_roles(),
        required=False,
        label="Your current role (optional)",
        empty_label="Not given",
    )
    target_role = RoleChoiceField(
        queryset=_roles(),
        required=False,
        label="The role you are aiming for (optional)",
        empty_label="Not given",
    )
    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={"required": "Enter your question"},
    )


class AdviceReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Enter a message"},
    )


class PlanShareForm(forms.Form):
    mentor_email = forms.EmailField(
        label="Your mentor's email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.nhs.uk"},
    )
    with_advisers = forms.BooleanField(
        label="Also ask the career advisory service to look at this plan",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            not data.get("mentor_email")
            and not data.get("with_advisers")
            and not self.errors
        ):
            self.add_error(
                "mentor_email",
                "Enter your mentor's email address or choose the advisory service",
            )
        return data
