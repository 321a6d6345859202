"""Plain-text summaries of presented reports, for the command line and the PDF paper."""

from __future__ import annotations

from typing import Any


def _pct(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value}%" if isinstance(value, int | float) else str(value)


def ceiling_lines(shown: dict[str, Any]) -> list[str]:
    levels = [lv["code"] for lv in shown["levels"]]
    rows = shown["professions"] or shown["groups"]
    lines = [
        f"{'Profession':<34}{'Staff':>9}{'Share':>8}  Ceiling  Shortfall     Board"
    ]
    for r in rows:
        ceiling = r["ceiling"]["code"] if r["ceiling"] else "-"
        short = r["shortfall"]
        shortfall = f"{short['code']} {short['gap']:+}" if short else "-"
        lines.append(
            f"{r['name'][:33]:<34}{r['total']!s:>9}{_pct(r['workforce_share']):>8}  "
            f"{ceiling:<8} {shortfall:<13} {r['board']!s:>5} ({_pct(r['board_share'])})"
        )
    lines.append(f"Levels: {', '.join(levels)}; threshold {shown['threshold']}.")
    return lines


def board_lines(shown: dict[str, Any]) -> list[str]:
    seats = shown["seats"]
    ceo = shown["chief_executives"]
    lines = [
        f"Boards: {shown['boards']}; seats {seats['total']} (voting {seats['voting']})",
        f"Clinical background: {shown['background']['clinical']} "
        f"({_pct(shown['background']['clinical_share'])}); voting members "
        f"{_pct(shown['background']['voting_clinical_share'])}",
        f"Interim or fixed-term: {_pct(shown['contracts']['share'])}",
    ]
    for dim in shown["demographics"]:
        for pop in dim["populations"]:
            warn = " (low declaration: not a finding)" if pop["warning"] else ""
            lines.append(
                f"{dim['focus_label']} share, {pop['label'].lower()}: "
                f"{_pct(pop['board']['share'])} vs workforce "
                f"{_pct(dim['workforce']['share'])}, gap {pop['gap']} pp{warn}"
            )
    lines.append(
        f"Chief executives: {ceo['people']}; clinicians {ceo['clinicians']} "
        f"({_pct(ceo['clinician_share'])}); women {_pct(ceo['women_share'])}; "
        f"BME {_pct(ceo['bme_share'])}; interim or fixed-term "
        f"{_pct(ceo['interim_or_fixed_term_share'])}"
    )
    for group in ceo["clinicians_by_group"]:
        lines.append(
            f"  clinician CEOs who are {group['name'].lower()}: {group['people']} "
            f"({_pct(group['share'])})"
        )
    lines.append(
        f"Women among executive members: {_pct(shown['executives']['women_share'])}"
    )
    absent = [a for a in shown["absent"] if a["boards_without"]]
    if absent:
        lines.append(
            "Boards without: "
            + "; ".join(f"{a['name'].lower()} {a['boards_without']}" for a in absent)
        )
    return lines


def as_text(shown: dict[str, Any]) -> str:
    if shown["kind"] == "ceiling":
        return "\n".join(ceiling_lines(shown))
    return "\n".join(board_lines(shown))
