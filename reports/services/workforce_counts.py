"""Count a workforce CSV into distinct rows, held a column at a time.

An ESR extract has one row a member of staff (1.5 million nationally) but only about
340,000 distinct rows, so the work per row is kept to what C does: the file is read as
bytes and its lines counted with Counter (no CSV parsing, no decoding). The distinct
lines are then split into columns with one `bytes.split` over all of them, so checks
and lookups run once per distinct value of a column, not per row. A line with a quote
is parsed by the csv module, alone; a file where a quoted value might span lines, or
with a bare carriage return, is counted by csv.reader throughout instead, which gives
the same groups more slowly.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path

Raw = str | bytes


@dataclass
class Groups:
    """Distinct rows of a file: each column's raw values, and each row's count.

    `columns[c][i]` is column c of distinct row i and `counts[i]` the staff it stands
    for (an extract's repeats, or an aggregated file's summed headcounts). Values are
    bytes when split from the raw file and str when parsed by the csv module; both
    compare and hash consistently within one column, and `text` decodes either.
    `misfits` counts distinct rows whose number of cells is not the header's.
    """

    columns: list[list[Raw]]
    counts: list[int]
    rows: int
    misfits: int = 0

    def row(self, index: int) -> tuple[str, ...]:
        """One distinct row as the csv module reads it (used to locate problems)."""
        return tuple(text(column[index]) for column in self.columns)


def text(raw: Raw) -> str:
    """Decode a raw value; a UnicodeDecodeError means the file is not UTF-8."""
    return raw.decode("utf-8") if isinstance(raw, bytes) else raw


def read_header(path: Path) -> list[str] | None:
    """The first row, as the csv module reads it; None for an empty file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), None)


def count_lines(path: Path) -> Counter[bytes] | None:
    """Count the lines after the header, as bytes (C throughout).

    None when the first line is not the whole header (a bare carriage return or a
    quoted line break in it): the csv module must read such a file.
    """
    with path.open("rb") as handle:
        first = handle.readline()
        if b"\r" in first.rstrip(b"\r\n") or first.count(b'"') % 2:
            return None
        return Counter(handle)


def groups_from_lines(lines: Counter[bytes] | None, width: int) -> Groups | None:
    """Split counted lines into columns; None when the csv module must read the file.

    That is when any line has an odd number of quotes (a quoted value may go on over
    the line break) or a carriage return inside it (the csv module ends a row there),
    or when lines end both ways (CRLF and LF), which would count one row twice.
    """
    if lines is None:
        return None
    for blank in (b"\n", b"\r\n"):
        lines.pop(blank, None)
    # Only the last line can lack a line end; then, unlike every other, it was counted
    # last. It is counted with its like that has one, as the csv module reads them.
    last = next(reversed(lines), b"\n")
    ended = last.endswith(b"\n")
    crlf = sum(map(bytes.endswith, lines, repeat(b"\r\n")))
    if 0 < crlf < len(lines) - (not ended):
        return None  # mixed line ends ("A\r\n", "A\n"): the csv module reads it
    if not ended:
        lines[last.rstrip(b"\r") + (b"\r\n" if crlf else b"\n")] += lines.pop(last)
    stripped = list(map(bytes.rstrip, lines, repeat(b"\r\n")))
    counts = list(lines.values())
    joined = b",".join(stripped)
    if b"\r" in joined:
        return None
    commas = list(map(bytes.count, stripped, repeat(b",")))
    if b'"' not in joined and commas.count(width - 1) == len(stripped):
        return _split(joined, width, counts, rows=sum(counts), misfits=0)
    # Some lines are quoted, blank or the wrong width: parse those one at a time.
    keep: list[bool] = []
    parsed: list[tuple[list[str], int]] = []
    rows = misfits = 0
    for line, n, found in zip(stripped, counts, commas, strict=True):
        plain = found == width - 1 and b'"' not in line
        keep.append(plain)
        if plain:
            rows += n
            continue
        if line.count(b'"') % 2:
            return None
        if not line:
            continue  # a blank line is not a row
        rows += n
        cells = next(csv.reader([line.decode("utf-8")]))
        if len(cells) == width:
            parsed.append((cells, n))
        else:
            misfits += 1
    groups = _split(
        b",".join(compress(stripped, keep)),
        width,
        list(compress(counts, keep)),
        rows=rows,
        misfits=misfits,
    )
    for cells, n in parsed:
        for column, value in zip(groups.columns, cells, strict=True):
            column.append(value)
        groups.counts.append(n)
    return groups


def _split(
    joined: bytes, width: int, counts: list[int], *, rows: int, misfits: int
) -> Groups:
    """Lines of `width` cells, no quotes, joined by commas: one split, then columns."""
    cells = joined.split(b",") if counts else []
    columns: list[list[Raw]] = [cells[c::width] for c in range(width)]
    return Groups(columns, counts, rows=rows, misfits=misfits)


def read_rows(path: Path) -> Iterator[list[str]]:
    """The file's rows after the header, by csv.reader, with blank lines left out."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        yield from filter(None, reader)


def groups_from_rows(counts: Counter[tuple[str, ...]], width: int) -> Groups:
    """Columns of rows already parsed and counted (the csv module's path)."""
    fitting = [key for key in counts if len(key) == width]
    return Groups(
        [list(map(itemgetter(c), fitting)) for c in range(width)],
        list(map(counts.__getitem__, fitting)),
        rows=0,
        misfits=len(counts) - len(fitting),
    )


def count_aggregated(
    rows: Iterable[list[str]],
    width: int,
    at: int,
    headcount: Callable[[str], int | str],
) -> tuple[Groups, bool]:
    """Sum headcounts per distinct dimension values; say whether any headcount is bad.

    Aggregated files have one row a group, so this loops in Python; each distinct
    headcount is parsed once. The headcount column holds "" in the keys, keeping the
    header's positions.
    """
    sums: Counter[tuple[str, ...]] = Counter()
    parsed: dict[str, int | str] = {}
    bad = False
    read = 0
    for row in rows:
        read += 1
        if len(row) != width:
            sums[tuple(row)] += 0  # reported with its row when the file is re-read
            continue
        raw = row[at]
        value = parsed.get(raw)
        if value is None:
            value = parsed[raw] = headcount(raw)
        if isinstance(value, str):
            bad = True
            continue
        row[at] = ""
        sums[tuple(row)] += value
    groups = groups_from_rows(sums, width)
    groups.rows = read
    return groups, bad
