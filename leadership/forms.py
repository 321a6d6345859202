"""Leadership forms: the CSV upload that feeds the leaders' import service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from accounts.uploads import size_label


class LeaderImportForm(forms.Form):
    """Choose a leaders CSV; the rows are checked by the import service, not here."""

    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A UTF-8 CSV file in the leaders import format.",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
        },
    )
    only_valid = forms.BooleanField(
        label="Import only the valid rows",
        help_text=(
            "Leave this unticked to import nothing if any row has a problem. "
            "Tick it to skip rows with problems and import the rest."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A larger upload never reaches the form: accounts.uploads answers it with 413.
        limit = size_label(settings.IMPORT_UPLOAD_MAX_BYTES)
        self.fields[
            "file"
        ].help_text = f"A UTF-8 CSV file, up to {limit}, in the leaders import format."

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError(
                "The selected file must be a CSV", code="not_csv"
            )
        return upload
