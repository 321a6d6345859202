"""Hostile files, shared by every import: size caps, file-type sniffing, formula cells.

An upload's size is refused from its Content-Length before anything reads the body (a
200 MB request costs nothing), a file on disk from its size before it is opened, and a
file that is really a workbook, an image or UTF-16 text is named as what it is from
its first bytes, so the person fixing it knows to save it as "CSV UTF-8".
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable
from pathlib import Path

import filetype
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

from accounts.exports import FORMULA_PREFIXES
from config.api import API_PREFIX, error_response

SNIFF_BYTES = 8192
SAVE_AS_CSV = 'Save it as "CSV UTF-8 (comma delimited)" and upload that file.'
# What a person calls the files spreadsheets and browsers most often hand over instead.
_KINDS = {
    "xlsx": "an Excel workbook (XLSX)",
    "xls": "an Excel workbook (XLS)",
    "ods": "an OpenDocument spreadsheet (ODS)",
    "zip": "a ZIP archive",
    "gz": "a GZIP archive",
    "docx": "a Word document",
    "doc": "a Word document",
    "pdf": "a PDF",
    "png": "a PNG image",
    "jpg": "a JPEG image",
    "gif": "a GIF image",
}


def size_label(size: int) -> str:
    """A size as the NHS.UK content guide writes it ("20MB"), exact or rounded."""
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)}MB"
    return filesizeformat(size).replace("\xa0", " ")


def file_type_problem(head: bytes) -> str | None:
    """Return why a file whose first bytes are `head` is not CSV text, or None."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return f"The file is saved as UTF-32 text, not UTF-8. {SAVE_AS_CSV}"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return 'The file is saved as UTF-16 ("Unicode text"), not UTF-8. ' + SAVE_AS_CSV
    kind = filetype.guess(head) if head else None
    if kind is not None:
        name = _KINDS.get(kind.extension, f"a {kind.extension.upper()} file")
        return f"This looks like {name}, not a CSV file. {SAVE_AS_CSV}"
    if b"\x00" in head:
        return f"The file holds binary data (NUL bytes), not CSV text. {SAVE_AS_CSV}"
    return None


def formula_problem(value: str) -> str | None:
    """Return why a cell would run as a spreadsheet formula, or None.

    Leading spaces are looked past, because imports strip them before storing.
    """
    if value.startswith(("\t", "\r")):
        shown = "a tab" if value[0] == "\t" else "a carriage return"
    elif value.lstrip().startswith(FORMULA_PREFIXES):
        shown = f"'{value.lstrip()[0]}'"
    else:
        return None
    return (
        f"This cell starts with {shown}, which a spreadsheet would run as a formula. "
        "Remove it, or put the value in words."
    )


def csv_error_problem(exc: csv.Error) -> str:
    """Say what the csv module's error means for someone editing the file."""
    text = str(exc)
    if "new-line character" in text:
        return (
            "The file is not valid CSV: a line break or carriage return is inside a "
            "cell that is not in double quotes."
        )
    if "field larger than field limit" in text:
        return (
            f"The file is not valid CSV: a cell is longer than "
            f"{csv.field_size_limit():,} characters (is a closing double quote "
            "missing?)."
        )
    return f"The file is not valid CSV: {text}."


def file_size_problem(path: Path) -> str | None:
    """Return why a file on disk is too large to import, from its size alone."""
    size = path.stat().st_size
    limit = settings.IMPORT_FILE_MAX_BYTES
    if size > limit:
        return (
            f"{path.name} is {size_label(size)}; a file to import must be at most "
            f"{size_label(limit)} (IMPORT_FILE_MAX_BYTES). Nothing was imported."
        )
    return None


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 answer: the API's error shape under /api/, the NHS.UK page elsewhere."""
    message = f"The selected file must be smaller than {size_label(limit)}."
    if request.path.startswith(API_PREFIX):
        return error_response(413, "too_large", message)
    html = render_to_string(
        "413.html", {"limit": limit, "message": message, "path": request.path}
    )
    return HttpResponse(html, status=413)


class UploadSizeLimitMiddleware:
    """Refuse a request body over IMPORT_UPLOAD_MAX_BYTES before anything reads it.

    It sits before the CSRF and session middleware, which would parse the body; Django
    never reads past Content-Length, so the declared length bounds what is read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.IMPORT_UPLOAD_MAX_BYTES
        if length > limit:
            return too_large_response(request, limit)
        return self.get_response(request)
