"""Sign-in form that asks for an email address."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, labelled for email and ready for the NHS.UK input styles."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. Both fields may be case-sensitive."
        ),
        "inactive": "This account is inactive.",
    }
