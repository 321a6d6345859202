"""Leadership forms: the CSV upload that feeds the leaders' import service."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class LeaderImportForm(forms.Form):
    """Choose a leaders CSV; the rows are checked by the import service, not here."""

    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A UTF-8 CSV file, up to 20MB, in the leaders import format.",
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

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The selected file must be smaller than 20MB", code="too_large"
            )
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError(
                "The selected file must be a CSV", code="not_csv"
            )
        return upload
