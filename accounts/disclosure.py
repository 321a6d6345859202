"""Small-number suppression (NHS Digital secondary-care rule, REFERENCE.md section 5).

Below national level, counts of 1-7 show as "*" and other counts are rounded to the
nearest 5; percentages come from the rounded figures and are hidden when their
denominator is suppressed; simple statistics (mean, median...) over 1-7 values show "*".
National totals are not suppressed. Views beyond an organisation's own talent lead and
board use these helpers, so pages, API and exports agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

SUPPRESSED = "*"


@dataclass(frozen=True)
class Disclosure:
    """Whether to suppress, decided once per request from the scope and the user's role."""

    suppress: bool

    def count(self, value: int | None) -> int | str | None:
        """Return the count as it may be shown."""
        if value is None or not self.suppress or value == 0:
            return value
        if value <= settings.SUPPRESSION_THRESHOLD:
            return SUPPRESSED
        step = settings.SUPPRESSION_ROUNDING
        return int(step * round(value / step))

    def share(
        self, numerator: int, denominator: int, digits: int = 1
    ) -> float | str | None:
        """Return a percentage computed from the figures as shown (rounded if suppressing)."""
        shown_num, shown_den = self.count(numerator), self.count(denominator)
        if shown_den in (None, 0):
            return None
        if shown_den == SUPPRESSED or shown_num == SUPPRESSED:
            return SUPPRESSED
        assert isinstance(shown_num, int) and isinstance(shown_den, int)
        return round(100 * shown_num / shown_den, digits)

    def statistic(self, value: float | None, based_on: int) -> float | str | None:
        """Return a mean, median, minimum or maximum computed over `based_on` values."""
        if value is None:
            return None
        if self.suppress and 0 < based_on <= settings.SUPPRESSION_THRESHOLD:
            return SUPPRESSED
        return value


SHOW_ALL = Disclosure(suppress=False)
SUPPRESS = Disclosure(suppress=True)


# --- Secondary suppression for tables shown with their totals ----------------------


@dataclass(frozen=True)
class ShownTable:
    """A table of counts as it may be shown: cells, row totals, column totals, grand."""

    cells: list[list[int | str]]
    row_totals: list[int | str]
    column_totals: list[int | str]
    total: int | str


def hidden_cells(
    table: list[list[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    threshold: int | None = None,
) -> set[tuple[int, int]]:
    """Return the (row, column) positions to hide, including totals, in a table.

    Works on the table bordered by its totals: position (r, C) is row r's total,
    (R, c) column c's total and (R, C) the grand total. Primary suppression hides every
    entry from 1 to the threshold. A line (a row with its total, or a column with its
    total) that then hides exactly one entry would let a reader work that entry out by
    subtraction, so the smallest other non-zero entry of the line is hidden too (cells
    before totals), until no line hides exactly one entry. Zeros stay visible: hiding
    one would not protect anything, since the rule shows 0 as 0 anyway.
    """
    limit = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    n_rows = len(table)
    n_cols = len(table[0]) if table else 0
    bordered = [[*row, sum(row)] for row in table]
    bordered.append(
        [sum(row[c] for row in table) for c in range(n_cols)]
        + [sum(sum(row) for row in table)]
    )
    # Only the figures shown take part: totals the reader is not given are left out.
    shown_rows = n_rows + 1 if column_totals else n_rows
    shown_cols = n_cols + 1 if row_totals else n_cols
    hidden = {
        (r, c)
        for r in range(shown_rows)
        for c in range(shown_cols)
        if 0 < bordered[r][c] <= limit
    }
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        # Each row with its total; with column totals shown, also the totals row.
        last = n_rows + 1 if column_totals else n_rows
        lines += [[(r, c) for c in range(n_cols + 1)] for r in range(last)]
    if column_totals:
        last = n_cols + 1 if row_totals else n_cols
        lines += [[(r, c) for r in range(n_rows + 1)] for c in range(last)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for pos in line if pos in hidden) != 1:
                continue
            candidates = [
                pos for pos in line if pos not in hidden and bordered[pos[0]][pos[1]]
            ]
            if not candidates:
                continue
            is_total = {(r, c): r == n_rows or c == n_cols for r, c in candidates}
            hidden.add(
                min(candidates, key=lambda p: (is_total[p], bordered[p[0]][p[1]]))
            )
            changed = True
    return hidden


def disclose_table(
    disclosure: Disclosure,
    table: list[list[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    width: int = 0,
) -> ShownTable:
    """Return the table as it may be shown, with primary and secondary suppression.

    Totals are computed from the unrounded cells and then rounded, as the rule says.
    Without suppression every figure is shown as it is. `width` is the number of
    columns when the table may have no rows, so its column totals still line up
    (zeros) with the table's headings.
    """
    n_rows = len(table)
    n_cols = len(table[0]) if table else width
    hidden = (
        hidden_cells(table, row_totals=row_totals, column_totals=column_totals)
        if disclosure.suppress
        else set()
    )

    def show(r: int, c: int, value: int) -> int | str:
        if (r, c) in hidden:
            return SUPPRESSED
        shown = disclosure.count(value)
        return SUPPRESSED if shown is None else shown

    col_sums = [sum(row[c] for row in table) for c in range(n_cols)]
    return ShownTable(
        cells=[
            [show(r, c, v) for c, v in enumerate(row)] for r, row in enumerate(table)
        ],
        row_totals=[show(r, n_cols, sum(row)) for r, row in enumerate(table)],
        column_totals=[show(n_rows, c, v) for c, v in enumerate(col_sums)],
        total=show(n_rows, n_cols, sum(col_sums)),
    )


def shown_share(numerator: int | str, denominator: int | str, digits: int = 1):
    """A percentage from two figures as shown; "*" if either is hidden, None if 0/0."""
    if numerator == SUPPRESSED or denominator == SUPPRESSED:
        return SUPPRESSED
    if not denominator:
        return None
    assert isinstance(numerator, int) and isinstance(denominator, int)
    return round(100 * numerator / denominator, digits)
