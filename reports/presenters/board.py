"""The board-diversity report as a reader may see it: shares, WRES-style gaps, warnings."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts.disclosure import SUPPRESSED, Disclosure, disclose_table, shown_share

NOT_DECLARED = "not_declared"
LABELS = {
    "sex": {"F": "Women", "M": "Men", NOT_DECLARED: "Not declared"},
    "ethnicity": {"bme": "BME", "white": "White", NOT_DECLARED: "Not declared"},
    "disability": {"Y": "Disabled", "N": "Not disabled", NOT_DECLARED: "Not declared"},
}
POPULATION_LABELS = {
    "all": "All board members",
    "voting": "Voting members",
    "executive": "Executive members",
}


def _column(disclosure: Disclosure, values: list[int]) -> tuple[list[Any], Any]:
    """A list of counts shown with its total, with secondary suppression."""
    table = disclose_table(disclosure, [[v] for v in values], row_totals=False)
    return [row[0] for row in table.cells], table.total


def _minus(a: Any, b: Any) -> Any:
    if a == SUPPRESSED or b == SUPPRESSED:
        return SUPPRESSED
    return a - b


def _breakdown(
    counts: dict[str, int], groups: list[str], focus: str, disclosure: Disclosure
) -> dict[str, Any]:
    """One population's counts by group, its declaration rate and the focus share.

    The share excludes "not declared" from its denominator, as WRES does.
    """
    shown, total = _column(disclosure, [counts[g] for g in groups])
    by_group = dict(zip(groups, shown, strict=True))
    declared = _minus(total, by_group[NOT_DECLARED])
    return {
        "groups": [
            {
                "code": g,
                "label": "",
                "count": by_group[g],
                "share": shown_share(by_group[g], total),
            }
            for g in groups
        ],
        "total": total,
        "declared": declared,
        "declaration_rate": shown_share(declared, total),
        "share": shown_share(by_group[focus], declared),
    }


def _comparison(
    dimension: str, data: dict[str, Any], disclosure: Disclosure
) -> dict[str, Any]:
    groups, focus = data["groups"], data["focus"]
    minimum = settings.REPORTS_DECLARATION_MIN_RATE
    workforce = _breakdown(data["workforce"], groups, focus, disclosure)
    populations = []
    for population, counts in data["board"].items():
        board = _breakdown(counts, groups, focus, disclosure)
        rates = [board["declaration_rate"], workforce["declaration_rate"]]
        low = any(not isinstance(r, float | int) or r < minimum for r in rates)
        gap = (
            round(board["share"] - workforce["share"], 1)
            if all(
                isinstance(s, float | int) for s in (board["share"], workforce["share"])
            )
            else (
                SUPPRESSED
                if SUPPRESSED in (board["share"], workforce["share"])
                else None
            )
        )
        populations.append(
            {
                "population": population,
                "label": POPULATION_LABELS[population],
                "board": board,
                "gap": gap,
                "warning": low,
            }
        )
    for part in (workforce, *(p["board"] for p in populations)):
        for row in part["groups"]:
            row["label"] = LABELS[dimension][row["code"]]
    return {
        "dimension": dimension,
        "focus": focus,
        "focus_label": LABELS[dimension][focus],
        "minimum_declaration_rate": minimum,
        "workforce": workforce,
        "populations": populations,
    }


def _seats(seats: dict[str, int], disclosure: Disclosure) -> dict[str, Any]:
    """Executive/non-executive by voting/non-voting, a 2x2 table with its totals."""
    table = [
        [seats["executive_voting"], seats["executive"] - seats["executive_voting"]],
        [
            seats["non_executive_voting"],
            seats["non_executive"] - seats["non_executive_voting"],
        ],
    ]
    shown = disclose_table(disclosure, table)
    return {
        "rows": [
            {"seat": "executive", "label": "Executive", "voting": shown.cells[0][0],
             "non_voting": shown.cells[0][1], "total": shown.row_totals[0]},
            {"seat": "non_executive", "label": "Non-executive",
             "voting": shown.cells[1][0], "non_voting": shown.cells[1][1],
             "total": shown.row_totals[1]},
        ],
        "voting": shown.column_totals[0],
        "non_voting": shown.column_totals[1],
        "total": shown.total,
    }  # fmt: skip


def present_board_diversity(
    result: dict[str, Any], disclosure: Disclosure
) -> dict[str, Any]:
    """Every figure of the board-diversity report from counts as shown to the reader."""
    seats = result["seats"]
    total = disclosure.count(seats["total"])
    voting = disclosure.count(seats["voting"])
    groups = result["groups"]
    columns = {}
    for population in ("all", "voting", "executive"):
        columns[population] = _column(disclosure, [g[population] for g in groups])
    group_rows = [
        {
            "code": g["code"],
            "name": g["name"],
            "is_clinical": g["is_clinical"],
            **{p: columns[p][0][i] for p in columns},
            "share": shown_share(columns["all"][0][i], columns["all"][1]),
            "voting_share": shown_share(columns["voting"][0][i], columns["voting"][1]),
        }
        for i, g in enumerate(groups)
    ]
    professions: list[dict[str, Any]] = []
    if not disclosure.suppress:
        professions = [
            {**p, "share": shown_share(p["all"], seats["total"])}
            for p in result["professions"]
        ]
    clinical, _ = _column(
        disclosure, [seats["clinical"], seats["total"] - seats["clinical"]]
    )
    voting_clinical, _ = _column(
        disclosure,
        [seats["voting_clinical"], seats["voting"] - seats["voting_clinical"]],
    )
    temporary = disclosure.count(seats["interim_or_fixed_term"])
    tenure = result["tenure_days"]
    ceo = result["chief_executives"]
    ceo_groups, ceo_clinicians = _column(
        disclosure, [r["people"] for r in ceo["clinicians_by_group"]]
    )
    ceo_people = disclosure.count(ceo["people"])
    ceo_seats = disclosure.count(ceo["seats"])

    def stat(summary: dict[str, Any] | None) -> dict[str, Any] | None:
        if not summary:
            return None
        return {
            "count": disclosure.count(summary["count"]),
            "mean": disclosure.statistic(summary["mean"], based_on=summary["count"]),
            "median": disclosure.statistic(
                summary["median"], based_on=summary["count"]
            ),
        }

    return {
        "kind": result["kind"],
        "scope": result["scope"],
        "as_of": result["as_of"],
        "suppressed": disclosure.suppress,
        "organisations": result["organisations"],
        "boards": result["boards"],
        "workforce_total": disclosure.count(result["workforce_total"]),
        "seats": _seats(seats, disclosure),
        "members": total,
        "background": {
            "clinical": clinical[0],
            "non_clinical": clinical[1],
            "clinical_share": shown_share(clinical[0], total),
            "voting_clinical": voting_clinical[0],
            "voting_clinical_share": shown_share(voting_clinical[0], voting),
        },
        "groups": group_rows,
        "professions": professions,
        "absent": result["absent"],
        "contracts": {
            "interim_or_fixed_term": temporary,
            "share": shown_share(temporary, total),
            "acting": disclosure.count(seats["acting"]),
        },
        "tenure_days": stat(tenure),
        "demographics": [
            _comparison(name, data, disclosure) for name, data in result["demographics"].items()
        ],
        "chief_executives": {
            "seats": ceo_seats,
            "people": ceo_people,
            "clinicians": ceo_clinicians,
            "clinician_share": shown_share(ceo_clinicians, ceo_people),
            "clinicians_by_group": [
                {"group": r["group"], "name": r["name"], "people": n,
                 "share": shown_share(n, ceo_clinicians)}
                for r, n in zip(ceo["clinicians_by_group"], ceo_groups, strict=True)
            ],
            "interim_or_fixed_term_share": shown_share(
                disclosure.count(ceo["interim_or_fixed_term"]), ceo_seats
            ),
            "women_share": shown_share(
                disclosure.count(ceo["women"]), disclosure.count(ceo["sex_declared"])
            ),
            "bme_share": shown_share(
                disclosure.count(ceo["bme"]), disclosure.count(ceo["ethnicity_declared"])
            ),
            "tenure_days": stat(ceo["tenure_days"]),
            "completed_tenure_days": stat(ceo["completed_tenure_days"]),
        },
        "executives": {
            "seats": disclosure.count(result["executives"]["seats"]),
            "women_share": shown_share(
                disclosure.count(result["executives"]["women"]),
                disclosure.count(result["executives"]["sex_declared"]),
            ),
        },
    }  # fmt: skip
