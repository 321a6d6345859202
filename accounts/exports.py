"""Safe, streamed exports shared by every app: CSV and XLSX with neutralised cells.

A cell beginning with =, +, - or @ (or a tab or carriage return) could run as a formula
when a spreadsheet opens the file, so it is prefixed with an apostrophe (OWASP's advice
for CSV injection). XLSX cannot hold most control characters at all, so they are
dropped first: otherwise openpyxl refuses the whole file. Rows stream from an iterator,
so an export of the whole directory never sits in memory.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import FileResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """Return the value with any formula-starting text made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_value(value: Any) -> Any:
    """Return the value as an XLSX cell can hold it: no control characters, inert."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        # Dropped before neutralising, so "\x01=1+1" cannot become a formula.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["" if v is None else neutralise(v) for v in row])
        yield buffer.getvalue()


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """Stream rows as a CSV download."""
    response = StreamingHttpResponse(_csv_lines(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str
) -> FileResponse:
    """Write rows to an XLSX in write-only mode (constant memory) and send the file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([xlsx_value(v) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )
