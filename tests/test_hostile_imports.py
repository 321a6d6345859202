"""Every import fed malformed files: each gives a clear message, imports nothing, no 500.

The imports are the leaders' CSV (service, command and page), the workforce CSV
(service and command) and the ODS organisation files (service and command). The files
are the ones people really send by mistake: a workbook or an image saved with a .csv
name, UTF-16 or Latin-1 text, NUL bytes, a header and nothing else, cells a spreadsheet
would run as formulas, and a file far too large to read.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from leadership.models import Appointment, Organisation, Person, Registration
from leadership.services.imports import (
    COLUMNS,
    HEADER_ONLY,
    NOT_UTF8,
    NUL_BYTE,
    Problem,
    leaders_import,
)
from leadership.services.ods import OdsFileError, ods_load
from leadership.tests import factories
from leadership.tests.factories import person_row
from reports.models import WorkforceHeadcount
from reports.services import imports as workforce
from reports.services.imports import workforce_import

pytestmark = pytest.mark.django_db

URL = "/leaders/import/"
MB = 1024 * 1024
SAVE_AS = 'Save it as "CSV UTF-8 (comma delimited)" and upload that file.'
ODS_DIR = Path(settings.BASE_DIR) / "leadership" / "data" / "ods"
WORKFORCE_HEADER = "organisation,profession,grade,sex,ethnic_category,disability"


# ------------------------------------------------------------------ the files


def leaders_csv(*rows: dict[str, Any]) -> bytes:
    """The rows as Excel writes CSV: a carriage return in a cell is quoted."""
    return factories.leaders_csv(*rows, line_end="\r\n")


def xlsx_bytes() -> bytes:
    """A real workbook holding a leaders sheet, as Excel saves one."""
    book = Workbook()
    book.active.append(["record", "person_ref", "full_name", "profession"])
    book.active.append(["person", "P1", "Person P1", "nursing"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def utf16_bytes(text: str) -> bytes:
    """Text as Excel's "Unicode text" writes it: UTF-16 with a byte-order mark."""
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


# Files that are not CSV text at all, with what each must be called.
NOT_CSV: list[tuple[str, Callable[[str], bytes], str]] = [
    ("xlsx", lambda text: xlsx_bytes(), "This looks like an Excel workbook (XLSX)"),
    ("png", lambda text: png_bytes(), "This looks like a PNG image"),
    ("utf16", utf16_bytes, 'The file is saved as UTF-16 ("Unicode text")'),
    (
        "nul",
        lambda text: text.encode().replace(b",", b"\x00,", 1),
        "The file holds binary data (NUL bytes)",
    ),
]
# Cells a spreadsheet would run, each with how the message names its first character.
FORMULAS = [
    ('=HYPERLINK("http://x.example","click")', "'='"),
    ("+44 20 7946 0000", "'+'"),
    ("-2+3", "'-'"),
    ("@SUM(A1:A9)", "'@'"),
    ("\t=1+1", "a tab"),
    ("\r=1+1", "a carriage return"),
    ("  =1+1", "'='"),  # leading spaces are stripped before storing: still a formula
]


def leaders_tables() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (Person, Appointment, Registration, Person.history.model)
    }


# ------------------------------------------------------------------ leaders import


@pytest.mark.parametrize(
    ("kind", "make", "message"), NOT_CSV, ids=[k for k, *_ in NOT_CSV]
)
def test_leaders_import_names_a_file_that_is_not_csv_and_imports_nothing(
    kind: str, make: Callable[[str], bytes], message: str
) -> None:
    before = leaders_tables()

    result = leaders_import(file=io.BytesIO(make(leaders_csv(person_row()).decode())))

    assert result.aborted and result.unreadable and not result.written
    assert len(result.problems) == 1
    assert result.problems[0].row == 1
    assert result.problems[0].message.startswith(message)
    assert result.problems[0].message.endswith(SAVE_AS)
    assert leaders_tables() == before


def test_a_nul_byte_past_the_first_block_is_a_row_problem_not_a_500(
    client: Any, national_admin: Any
) -> None:
    # Beyond the sniffed first 8 KB, a NUL reached PostgreSQL ("A string literal
    # cannot contain NUL") and the page answered 500.
    rows = [person_row(f"P{i}") for i in range(300)]
    data = leaders_csv(*rows, person_row("NUL", full_name="Bad\x00Name"))
    assert data.index(b"\x00") > 8192
    client.force_login(national_admin)
    before = leaders_tables()

    response = upload(client, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "This row holds a NUL byte" in page
    assert leaders_tables() == before
    result = leaders_import(file=io.BytesIO(data), only_valid=True)
    assert result.problems == [Problem(302, "", NUL_BYTE)]
    assert result.aborted and leaders_tables() == before


def test_latin1_bytes_are_reported_on_their_row(
    client: Any, national_admin: Any
) -> None:
    data = leaders_csv(person_row("P1")) + "person,P2,Zoë,nursing\n".encode("latin-1")
    client.force_login(national_admin)

    response = upload(client, data)

    assert response.status_code == 200
    assert "The file is not UTF-8 text" in response.content.decode()
    result = leaders_import(file=io.BytesIO(data))
    assert result.problems == [Problem(3, "", NOT_UTF8)]
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        ",".join(COLUMNS).encode() + b"\n",
        ",".join(COLUMNS).encode(),  # no final line break
        b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n\r\n,,\r\n",  # blank rows
    ],
    ids=["header", "no-newline", "blank-rows"],
)
def test_a_header_only_file_is_an_error_not_zero_imported(data: bytes) -> None:
    result = leaders_import(file=io.BytesIO(data))

    assert result.problems == [Problem(1, "", HEADER_ONLY)]
    assert result.aborted and not result.written


def test_the_page_says_a_header_only_file_has_nothing_to_import(
    client: Any, national_admin: Any
) -> None:
    client.force_login(national_admin)

    response = upload(client, ",".join(COLUMNS).encode() + b"\n")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Leaders imported" not in page
    assert "no rows under it: there is nothing to import" in page


@pytest.mark.parametrize(("cell", "shown"), FORMULAS)
def test_a_formula_cell_is_refused_with_its_row_and_column(
    cell: str, shown: str
) -> None:
    data = leaders_csv(person_row("P1"), person_row("P2", full_name=cell))
    before = leaders_tables()

    result = leaders_import(file=io.BytesIO(data))

    assert [(p.row, p.column) for p in result.problems] == [(3, "full_name")]
    assert result.problems[0].message.startswith(f"This cell starts with {shown},")
    assert "formula" in result.problems[0].message
    assert result.aborted and leaders_tables() == before


def test_a_bare_carriage_return_in_a_cell_is_a_row_problem() -> None:
    data = leaders_csv(person_row("P1")) + b"person,P2,Bad\rName,nursing\r\n"

    result = leaders_import(file=io.BytesIO(data))

    assert [str(p) for p in result.problems] == [
        "row 3: The file is not valid CSV: a line break or carriage return is inside "
        "a cell that is not in double quotes."
    ]
    assert result.aborted and Person.objects.count() == 0


def test_formula_cells_are_refused_in_every_kind_of_row() -> None:
    data = leaders_csv(
        person_row("P1", provider="=ignored: not a person column"),
        {
            "record": "appointment",
            "person_ref": "P1",
            "organisation": "R0A",
            "role": "ward-manager",
            "start": "2015-04-01",
            "title": "@Director",
        },
        {
            "record": "qualification",
            "person_ref": "P1",
            "qualification_kind": "academic",
            "qualification_name": "+MBA",
        },
        {
            "record": "registration",
            "person_ref": "P1",
            "regulator": "NMC",
            "registration_number": "-1234567",
            "registration_status": "registered",
        },
        person_row("=P2"),
    )

    result = leaders_import(file=io.BytesIO(data), only_valid=True)

    assert [(p.row, p.column) for p in result.problems] == [
        (3, "title"),
        (4, "qualification_name"),
        (5, "registration_number"),
        (6, "person_ref"),
    ]
    # Only the clean person row is written; a column a row's kind ignores is not read.
    assert list(Person.objects.values_list("external_ref", "full_name")) == [
        ("P1", "Person P1")
    ]
    assert not Appointment.objects.exists() and not Registration.objects.exists()


def upload(client: Any, data: bytes, name: str = "leaders.csv") -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, data, "text/csv")})


@pytest.mark.parametrize(
    ("kind", "make", "message"), NOT_CSV, ids=[k for k, *_ in NOT_CSV]
)
def test_the_page_shows_what_a_non_csv_upload_is(
    client: Any,
    national_admin: Any,
    kind: str,
    make: Callable[[str], bytes],
    message: str,
) -> None:
    client.force_login(national_admin)

    response = upload(client, make(leaders_csv(person_row()).decode()))

    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"')
    assert Person.objects.count() == 0


# ------------------------------------------------------------------ upload size


class Unread:
    """A request body of `size` bytes, made only if read: remembers what was read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        wanted = self.size - self.read_bytes if size is None or size < 0 else size
        chunk = b"x" * min(wanted, self.size - self.read_bytes)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size if size and size > 0 else 64 * 1024)


def post_declared(client: Any, path: str, body: Unread) -> Any:
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE="multipart/form-data; boundary=hostile",
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
    )


def test_a_200mb_upload_gets_a_friendly_413_without_its_body_being_read(
    client: Any, national_admin: Any
) -> None:
    client.force_login(national_admin)
    body = Unread(200 * MB)
    before = leaders_tables()

    response = post_declared(client, URL, body)

    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>The file is too large</h1>" in page
    assert "<title>The file is too large - Clinical Leadership Pathways</title>" in page
    assert "The selected file must be smaller than 20MB" in page
    assert body.read_bytes == 0
    assert leaders_tables() == before


def test_a_413_comes_before_sign_in_and_csrf_so_no_one_can_make_us_read_a_body(
    client: Any,
) -> None:
    body = Unread(200 * MB)

    page = post_declared(client, "/accounts/login/", body)
    api = post_declared(client, "/api/people/", Unread(200 * MB))

    assert (page.status_code, body.read_bytes) == (413, 0)
    assert api.status_code == 413
    assert api.json() == {
        "error": {
            "status": 413,
            "code": "too_large",
            "message": "The selected file must be smaller than 20MB.",
            "fields": {},
        }
    }


def test_an_upload_just_under_the_cap_reaches_the_import(
    client: Any, national_admin: Any, settings: Any
) -> None:
    data = leaders_csv(person_row("P1"))
    settings.IMPORT_UPLOAD_MAX_BYTES = 4096
    client.force_login(national_admin)

    response = upload(client, data)

    assert response.status_code == 200
    assert "Leaders imported" in response.content.decode()
    assert Person.objects.count() == 1


# ------------------------------------------------------------------ commands


def sparse_file(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no disk space or time to make."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize("command", ["import_leaders", "import_workforce"])
def test_a_200mb_file_is_refused_by_the_commands_from_its_size(
    tmp_path: Path, command: str
) -> None:
    path = sparse_file(tmp_path / "huge.csv", 200 * MB)

    with pytest.raises(CommandError) as info:
        call_command(command, str(path))

    # The file is NUL bytes: had it been read, it would be called binary instead.
    assert str(info.value) == (
        "huge.csv is 200MB; a file to import must be at most 100MB "
        "(IMPORT_FILE_MAX_BYTES). Nothing was imported."
    )


def test_the_file_cap_is_a_setting(tmp_path: Path, settings: Any) -> None:
    path = tmp_path / "leaders.csv"
    path.write_bytes(leaders_csv(person_row("P1")))
    settings.IMPORT_FILE_MAX_BYTES = 10

    with pytest.raises(CommandError, match="at most 10 bytes"):
        call_command("import_leaders", str(path))
    settings.IMPORT_FILE_MAX_BYTES = 10 * MB
    call_command("import_leaders", str(path), stdout=io.StringIO())
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "make", "message"), NOT_CSV, ids=[k for k, *_ in NOT_CSV]
)
def test_the_leaders_command_names_a_file_that_is_not_csv(
    tmp_path: Path, kind: str, make: Callable[[str], bytes], message: str
) -> None:
    path = tmp_path / "leaders.csv"
    path.write_bytes(make(leaders_csv(person_row()).decode()))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 1 problem found"):
        call_command("import_leaders", str(path), stderr=err)

    assert err.getvalue().startswith(f"row 1: {message}")
    assert Person.objects.count() == 0


# ------------------------------------------------------------------ workforce import


DATE = dt.date(2026, 3, 31)


def workforce_file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "workforce.csv"
    path.write_bytes(data)
    return path


def workforce_rows(*rows: str, header: str = WORKFORCE_HEADER) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode()


@pytest.fixture
def existing_snapshot(tmp_path: Path) -> int:
    """A snapshot already imported, which no bad file may change."""
    path = workforce_file(tmp_path, workforce_rows("R0A,nursing,5,F,A,N"))
    assert workforce_import(path=path, snapshot_date=DATE).ok
    return WorkforceHeadcount.objects.count()


@pytest.mark.parametrize(
    ("kind", "make", "message"), NOT_CSV, ids=[k for k, *_ in NOT_CSV]
)
def test_workforce_import_names_a_file_that_is_not_csv(
    tmp_path: Path,
    existing_snapshot: int,
    kind: str,
    make: Callable[[str], bytes],
    message: str,
) -> None:
    text = workforce_rows("R0A,nursing,6,M,A,N").decode()
    path = workforce_file(tmp_path, make(text))

    result = workforce_import(path=path, snapshot_date=DATE)

    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(1, "")]
    assert result.problems[0].message.startswith(message)
    assert WorkforceHeadcount.objects.count() == existing_snapshot
    assert WorkforceHeadcount.objects.get().grade.code == "5"


def test_workforce_latin1_bytes_are_reported_on_their_row(
    tmp_path: Path, existing_snapshot: int
) -> None:
    data = workforce_rows("R0A,nursing,6,M,A,N", "R0A,nursing,6,M,A,N")
    path = workforce_file(tmp_path, data + "R0A,Zoë,6,F,A,N\n".encode("latin-1"))

    result = workforce_import(path=path, snapshot_date=DATE)

    assert [str(p) for p in result.problems] == [f"row 4: {workforce.NOT_UTF8}"]
    assert WorkforceHeadcount.objects.count() == existing_snapshot


@pytest.mark.parametrize("header", [WORKFORCE_HEADER, WORKFORCE_HEADER + ",headcount"])
def test_a_header_only_workforce_file_is_an_error_not_zero_imported(
    tmp_path: Path, existing_snapshot: int, header: str
) -> None:
    path = workforce_file(tmp_path, (header + "\n\n").encode())

    result = workforce_import(path=path, snapshot_date=DATE)

    assert [str(p) for p in result.problems] == [f"row 1: {workforce.HEADER_ONLY}"]
    assert WorkforceHeadcount.objects.count() == existing_snapshot


@pytest.mark.parametrize(("cell", "shown"), FORMULAS)
def test_a_workforce_formula_cell_is_refused_with_its_row_and_column(
    tmp_path: Path, existing_snapshot: int, cell: str, shown: str
) -> None:
    quoted = '"' + cell.replace('"', '""') + '"'
    path = workforce_file(
        tmp_path,
        workforce_rows("RJ1,medicine,Consultant,F,A,N", f"R0A,{quoted},6,F,A,N"),
    )

    result = workforce_import(path=path, snapshot_date=DATE)

    # The csv module counts a carriage return, even quoted, as a line of the file.
    row = 3 + cell.count("\r")
    assert [(p.row, p.column) for p in result.problems] == [(row, "profession")]
    assert result.problems[0].message.startswith(f"This cell starts with {shown},")
    assert WorkforceHeadcount.objects.count() == existing_snapshot


def test_a_workforce_nul_byte_past_the_first_block_is_a_row_problem(
    tmp_path: Path, existing_snapshot: int
) -> None:
    rows = ["R0A,nursing,5,F,A,N"] * 600
    data = workforce_rows(*rows, "R0A,nurs\x00ing,5,F,A,N")
    assert data.index(b"\x00") > 8192
    path = workforce_file(tmp_path, data)

    result = workforce_import(path=path, snapshot_date=DATE)

    assert [str(p) for p in result.problems] == [
        f"row 602, column profession: {workforce.NUL_BYTE}"
    ]
    assert WorkforceHeadcount.objects.count() == existing_snapshot


def test_the_workforce_command_prints_the_problem_and_fails(
    tmp_path: Path, existing_snapshot: int
) -> None:
    path = workforce_file(tmp_path, xlsx_bytes())
    err = io.StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_workforce", str(path), stderr=err)

    assert "row 1: This looks like an Excel workbook (XLSX)" in err.getvalue()
    assert WorkforceHeadcount.objects.count() == existing_snapshot


# ------------------------------------------------------------------ ODS files


@pytest.fixture
def ods_copy(tmp_path: Path) -> Path:
    for source in ODS_DIR.glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path


def organisations() -> list[tuple[str, str]]:
    return list(
        Organisation.objects.order_by("ods_code").values_list("ods_code", "name")
    )


@pytest.mark.parametrize(
    ("kind", "make", "message"), NOT_CSV, ids=[k for k, *_ in NOT_CSV]
)
def test_an_ods_file_that_is_not_csv_loads_nothing(
    ods_copy: Path, kind: str, make: Callable[[str], bytes], message: str
) -> None:
    etr = ods_copy / "etr.csv"
    etr.write_bytes(make(etr.read_text(encoding="utf-8")))
    before = organisations()

    with pytest.raises(OdsFileError) as info:
        ods_load(directory=ods_copy)

    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(f"etr.csv: {message}")
    assert organisations() == before


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda text: text.replace("GUY'S", "GUŸ'S").encode("cp1252"),
            "etr.csv: the file is not UTF-8 text",
        ),
        (lambda text: b"", "etr.csv: the file has no rows"),
        (
            lambda text: text.replace("\"GUY'S", "\"=GUY'S", 1).encode(),
            "column 2: This cell starts with '='",
        ),
        (
            lambda text: (text + '"ZZ9",' + '"NUL\x00",' * 26)[:-1].encode() + b"\r\n",
            "column 2: This cell holds a NUL byte",
        ),
        (
            lambda text: (text + '"ZZ9","' + "x" * 200_000 + '"\r\n').encode(),
            "etr.csv: The file is not valid CSV: a cell is longer than 131,072",
        ),
    ],
    ids=["latin1", "empty", "formula", "nul", "huge-cell"],
)
def test_a_bad_ods_file_is_named_and_loads_nothing(
    ods_copy: Path, change: Callable[[str], bytes], problem: str
) -> None:
    etr = ods_copy / "etr.csv"
    etr.write_bytes(change(etr.read_text(encoding="utf-8")))
    before = organisations()

    with pytest.raises(CommandError) as info:
        call_command("load_ods", str(ods_copy))

    assert problem in str(info.value)
    assert organisations() == before


def test_a_header_only_ods_lookup_loads_nothing(ods_copy: Path) -> None:
    lookup = ods_copy / "icb_region_lookup_2024.csv"
    lookup.write_text(lookup.read_text().splitlines()[0] + "\n")

    with pytest.raises(OdsFileError) as info:
        ods_load(directory=ods_copy)

    assert (
        "icb_region_lookup_2024.csv: the file has a header but no rows"
        in info.value.problems
    )


def test_a_200mb_ods_file_is_refused_from_its_size(ods_copy: Path) -> None:
    sparse_file(ods_copy / "eccg.csv", 200 * MB)

    with pytest.raises(OdsFileError) as info:
        ods_load(directory=ods_copy)

    assert info.value.problems == [
        "eccg.csv is 200MB; a file to import must be at most 100MB "
        "(IMPORT_FILE_MAX_BYTES). Nothing was imported."
    ]


# ------------------------------------------------------------------ huge cells

HUGE_CELL = "The file is not valid CSV: a cell is longer than 131,072 characters"


@pytest.mark.parametrize("quote", ['"', ""], ids=["quoted", "unquoted"])
def test_a_workforce_cell_too_long_for_csv_is_a_row_problem_not_a_crash(
    tmp_path: Path, existing_snapshot: int, quote: str
) -> None:
    # The csv module's csv.Error escaped the import (a traceback, a 500 on a page).
    huge = quote + "x" * 200_000 + quote
    path = workforce_file(
        tmp_path,
        workforce_rows("R0A,nursing,6,M,A,N", f"R0A,{huge},6,F,A,N"),
    )

    result = workforce_import(path=path, snapshot_date=DATE)

    assert [(p.row, p.column) for p in result.problems] == [(3, "")]
    assert result.problems[0].message.startswith(HUGE_CELL)
    assert WorkforceHeadcount.objects.count() == existing_snapshot


def test_a_leaders_cell_too_long_for_csv_is_a_row_problem() -> None:
    data = leaders_csv(person_row("P1"), person_row("P2", full_name="x" * 200_000))

    result = leaders_import(file=io.BytesIO(data))

    assert [(p.row, p.column) for p in result.problems] == [(3, "")]
    assert result.problems[0].message.startswith(HUGE_CELL)
    assert result.aborted and Person.objects.count() == 0
