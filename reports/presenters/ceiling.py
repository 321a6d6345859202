"""The ceiling report and the workforce summary as a reader may see them."""

from __future__ import annotations

from typing import Any

from accounts.disclosure import SUPPRESSED, Disclosure, disclose_table, shown_share


def _gap(share: Any, baseline: Any) -> float | str | None:
    if share == SUPPRESSED or baseline == SUPPRESSED:
        return SUPPRESSED
    if share is None or baseline is None:
        return None
    return round(share - baseline, 1)


def _reaches(value: int | str, threshold: int) -> bool:
    """Does a shown cell count towards the ceiling? "*" (1-7) only with no threshold."""
    if value == SUPPRESSED:
        return threshold == 0
    return isinstance(value, int) and value > threshold


def _rows(
    rows: list[dict[str, Any]],
    levels: list[dict[str, Any]],
    disclosure: Disclosure,
    threshold: int,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    table = disclose_table(disclosure, [r["cells"] for r in rows])
    board = disclose_table(disclosure, [[r["board"]] for r in rows], row_totals=False)
    out = []
    for i, row in enumerate(rows):
        cells = table.cells[i]
        total = table.row_totals[i]
        workforce_share = shown_share(total, table.total)
        shares = [
            shown_share(c, t) for c, t in zip(cells, table.column_totals, strict=True)
        ]
        ceiling = None
        for lv, cell in zip(levels, cells, strict=True):
            if _reaches(cell, threshold):
                ceiling = lv
        shortfall = None
        gaps = [
            (g, lv, s)
            for lv, s in zip(levels, shares, strict=True)
            # The board levels are compared on their own ("board" below).
            if not lv["is_board"]
            and isinstance(g := _gap(s, workforce_share), float | int)
        ]
        if gaps:
            g, lv, s = min(gaps, key=lambda x: (x[0], -x[1]["rank"]))
            shortfall = {"rank": lv["rank"], "code": lv["code"], "share": s, "gap": g}
        board_share = shown_share(board.cells[i][0], board.total)
        out.append(
            {
                "code": row["code"],
                "name": row["name"],
                "group": row.get("group", row["code"]),
                "is_clinical": row["is_clinical"],
                "cells": cells,
                "shares": shares,
                "total": total,
                "workforce_share": workforce_share,
                "ceiling": (
                    {"rank": ceiling["rank"], "code": ceiling["code"]}
                    if ceiling
                    else None
                ),
                "shortfall": shortfall,
                "board": board.cells[i][0],
                "board_share": board_share,
                "board_gap": _gap(board_share, workforce_share),
            }
        )
    # Lowest ceilings first; among equals, the largest workforce first.
    out.sort(
        key=lambda r: (
            r["ceiling"]["rank"] if r["ceiling"] else 0,
            -(r["total"] if isinstance(r["total"], int) else 0),
            r["name"],
        )
    )
    totals = {
        "level_totals": table.column_totals,
        "total": table.total,
        "board_total": board.total,
    }
    return out, totals


def present_ceiling(
    result: dict[str, Any],
    disclosure: Disclosure,
    *,
    threshold: int | None = None,
    profession: str | None = None,
) -> dict[str, Any]:
    """Shares, ceilings and shortfalls from the figures as shown.

    Under the small-number rule only the profession groups are shown: a profession
    table beside its group table would let a hidden cell be worked out across the two.
    `profession` narrows the rows to one profession or group after suppression, so a
    narrower question never yields a less suppressed figure.
    """
    levels = result["levels"]
    limit = result["threshold"] if threshold is None else max(0, threshold)
    groups, group_totals = _rows(result["groups"], levels, disclosure, limit)
    out: dict[str, Any] = {
        "kind": result["kind"],
        "scope": result["scope"],
        "as_of": result["as_of"],
        "organisations": result["organisations"],
        "threshold": limit,
        "suppressed": disclosure.suppress,
        "levels": levels,
        "groups": groups,
        **group_totals,
    }
    if disclosure.suppress:
        out["professions"] = []
    else:
        out["professions"], _ = _rows(result["professions"], levels, disclosure, limit)
    if profession:
        out["groups"] = [r for r in out["groups"] if r["code"] == profession]
        out["professions"] = [
            r for r in out["professions"] if profession in (r["code"], r["group"])
        ]
    return out


def present_workforce_summary(
    result: dict[str, Any], disclosure: Disclosure
) -> dict[str, Any]:
    """Profession group by level, with secondary suppression across the table."""
    ranks = sorted({int(k) for r in result["rows"] for k in r["by_level"]})
    table = disclose_table(
        disclosure,
        [[r["by_level"].get(str(k), 0) for k in ranks] for r in result["rows"]],
    )
    return {
        **{k: result[k] for k in ("scope", "as_of", "organisations")},
        "suppressed": disclosure.suppress,
        "total": table.total,
        "rows": [
            {
                "profession_group": r["profession_group"],
                "by_level": {
                    str(k): table.cells[i][j]
                    for j, k in enumerate(ranks)
                    if str(k) in r["by_level"]
                },
                "total": table.row_totals[i],
            }
            for i, r in enumerate(result["rows"])
        ],
    }
