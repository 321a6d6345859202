"""Talent forms: they collect and type the input; the services hold the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from accounts.templatetags.nhsuk_forms import DateInput
from leadership.models import Organisation, Person
from talent.models import (
    ActionKind,
    ActionStatus,
    EntryLevel,
    LeadershipDimension,
    Readiness,
    TalentProfile,
)
from talent.models.nominations import STATEMENT_MAX
from talent.services import eligible_reviewers

PERFORMANCE = [
    (1, "1 - Below expectations"),
    (2, "2 - Meets expectations"),
    (3, "3 - Exceeds expectations"),
]
POTENTIAL = [(1, "1 - Low"), (2, "2 - Moderate"), (3, "3 - High")]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the matching fields (else at the top)."""
    if not hasattr(error, "error_dict"):
        for e in error.error_list:
            form.add_error(None, e)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields else None
        for e in errors:
            form.add_error(target, e)


class ReviewForm(forms.Form):
    """A whole talent review on one page."""

    reviewer = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        help_text="A talent lead of the person's organisation, or their sponsor.",
    )
    reviewed_on = forms.DateField(
        label="Date of the review",
        widget=DateInput,
        help_text="For example, 15 3 2026. It cannot be in the future.",
        error_messages={"required": "Enter the date of the review"},
    )
    performance = forms.TypedChoiceField(
        choices=PERFORMANCE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a performance score"},
    )
    potential = forms.TypedChoiceField(
        choices=POTENTIAL,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a potential score"},
    )
    readiness = forms.ChoiceField(
        label="Readiness for the next role",
        choices=Readiness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how ready the person is"},
    )
    strengths = forms.MultipleChoiceField(
        choices=LeadershipDimension.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Healthcare Leadership Model dimensions.",
    )
    development_needs = forms.MultipleChoiceField(
        choices=LeadershipDimension.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Healthcare Leadership Model dimensions.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    notes_private = forms.BooleanField(
        label="Keep the notes private to the talent lead",
        required=False,
        initial=True,
    )
    shared_with_clinician = forms.BooleanField(
        label="Share this review with the clinician",
        required=False,
        help_text="They see the scores, readiness and dimensions; never private notes.",
    )

    def __init__(self, *args: Any, profile: TalentProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        field.queryset = eligible_reviewers(profile).order_by("full_name", "email")  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.full_name or u.email  # type: ignore[attr-defined]

    def clean_reviewed_on(self) -> dt.date:
        """Say so at once, beside the other errors (the service checks it again)."""
        day: dt.date = self.cleaned_data["reviewed_on"]
        if day > dt.date.today():
            raise forms.ValidationError(
                "The review date cannot be in the future.", code="future"
            )
        return day


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of action", choices=[("", "Choose"), *ActionKind.choices]
    )
    title = forms.CharField(max_length=200)
    host_organisation = forms.CharField(
        label="Host organisation (ODS code)",
        required=False,
        help_text="For a secondment, rotation, acting-up or shadowing elsewhere.",
    )
    starts_on = forms.DateField(label="Start date", widget=DateInput, required=False)
    due_on = forms.DateField(
        label="Due date",
        widget=DateInput,
        error_messages={"required": "Enter the due date"},
    )
    status = forms.ChoiceField(choices=ActionStatus.choices, initial="planned")
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, empty_label="Nobody named"
    )
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, profile: TalentProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [
            i for i in (profile.person_id, profile.sponsor_id, profile.mentor_id) if i
        ]
        self.fields["owner"].queryset = Person.objects.filter(pk__in=ids)  # type: ignore[attr-defined]

    def clean_host_organisation(self) -> Organisation | None:
        code = self.cleaned_data["host_organisation"].strip()
        if not code:
            return None
        org = Organisation.objects.filter(ods_code__iexact=code).first()
        if org is None:
            raise forms.ValidationError(
                "Enter the ODS code of an NHS organisation", code="unknown"
            )
        return org


class NominationForm(forms.Form):
    entry_level = forms.ModelChoiceField(
        queryset=EntryLevel.objects.order_by("order"),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which entry level are you putting yourself forward for?",
        error_messages={"required": "Choose an entry level"},
    )
    statement = forms.CharField(
        label="Why are you putting yourself forward?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=STATEMENT_MAX,
        help_text=f"A short statement, up to {STATEMENT_MAX} characters.",
        error_messages={"required": "Say why you are putting yourself forward"},
    )


class CohortAddForm(forms.Form):
    profiles = forms.ModelMultipleChoiceField(
        queryset=TalentProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="People to add",
        error_messages={"required": "Choose at least one person to add"},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["profiles"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda p: (
                f"{p.person.full_name} ({p.organisation.name}, {p.entry_level.name})"
            )
        )
