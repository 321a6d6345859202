"""Secondary suppression: no hidden cell can be worked out from its row or column."""

from __future__ import annotations

import itertools
import random

from accounts.disclosure import SHOW_ALL, SUPPRESS, disclose_table, hidden_cells


def recoverable(table, hidden, *, rows=True, columns=True):
    """Positions a reader could compute: the only hidden entry of a shown line."""
    n_rows, n_cols = len(table), len(table[0])
    last_row = n_rows + 1 if columns else n_rows
    last_col = n_cols + 1 if rows else n_cols
    lines = []
    if rows:
        lines += [[(r, c) for c in range(n_cols + 1)] for r in range(last_row)]
    if columns:
        lines += [[(r, c) for r in range(n_rows + 1)] for c in range(last_col)]
    found = set()
    for line in lines:
        missing = [p for p in line if p in hidden]
        if len(missing) == 1:
            found.add(missing[0])
    return found


def test_a_lone_small_cell_takes_the_next_smallest_of_its_row_and_column():
    table = [[3, 10, 20], [12, 15, 30]]
    hidden = hidden_cells(table)
    # 3 is primary; 10 (smallest other in its row) and 12 (in its column) follow,
    # then 15 closes row 2 and column 2.
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert not recoverable(table, hidden)


def test_a_row_whose_only_other_entry_is_its_total_hides_the_total():
    table = [[4, 0, 0], [20, 30, 40]]
    hidden = hidden_cells(table, column_totals=False)
    assert hidden == {(0, 0), (0, 3)}  # 4 and its row total 4 (itself primary)
    table = [[5], [9]]
    hidden = hidden_cells(table, row_totals=False)
    assert hidden == {(0, 0), (1, 0)}  # 5, then 9 (the total 14 is shown)


def test_zeros_stay_visible():
    shown = disclose_table(SUPPRESS, [[0, 0, 12], [0, 9, 13]])
    assert shown.cells == [[0, 0, 10], [0, 10, 15]]


def test_random_tables_never_leave_a_hidden_entry_recoverable():
    rng = random.Random(7)
    for _ in range(300):
        n_rows, n_cols = rng.randint(1, 5), rng.randint(1, 6)
        table = [
            [rng.choice([0, 0, 1, 2, 5, 7, 8, 9, 15, 40, 120]) for _ in range(n_cols)]
            for _ in range(n_rows)
        ]
        for rows, columns in itertools.product([True, False], repeat=2):
            hidden = hidden_cells(table, row_totals=rows, column_totals=columns)
            for r, c in hidden_cells(table, row_totals=False, column_totals=False):
                assert (r, c) in hidden  # primary suppression always applies
            assert not recoverable(table, hidden, rows=rows, columns=columns), table


def test_without_suppression_every_figure_is_shown_exactly():
    shown = disclose_table(SHOW_ALL, [[3, 10], [12, 15]])
    assert shown.cells == [[3, 10], [12, 15]]
    assert shown.row_totals == [13, 27]
    assert shown.total == 40
