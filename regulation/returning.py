"""Return-to-practice plans computed from a regulator's structured return rule.

One function per rule mode (RETURN_MODES); each turns the rule's parameters and the
clinician's time away into ordered steps, so the plan changes when the rule's data does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regulation.models import Regulator, RegulatorRule, RuleKind


@dataclass(frozen=True)
class ReturnStep:
    title: str
    detail: str = ""


@dataclass
class ReturnPlan:
    """What a regulator asks before someone who has been away may practise again."""

    regulator: Regulator
    rule: RegulatorRule | None
    years_out: Decimal
    summary: str
    steps: list[ReturnStep] = field(default_factory=list)
    updating_days: int | None = None
    updating_hours: int | None = None


@dataclass(frozen=True)
class ReturnInput:
    years_out: Decimal
    hours_last_3_years: int | None = None
    hours_last_5_years: int | None = None


def _updating_days(p: dict[str, Any], given: ReturnInput) -> tuple[str, list, dict]:
    tiers = sorted(p["tiers"], key=lambda t: t["from_years"])
    tier = [t for t in tiers if Decimal(str(t["from_years"])) <= given.years_out][-1]
    days = int(tier["days"])
    if days == 0:
        return (
            f"Away for less than {tiers[1]['from_years']} years: no updating is needed.",
            [ReturnStep("Apply to return to the register or to practise again")],
            {"updating_days": 0, "updating_hours": 0},
        )
    hours = days * int(p["hours_per_day"])
    private = math.floor(days * float(p["private_study_max_share"]))
    steps = [
        ReturnStep(
            f"Complete {days} days of updating ({hours} hours)",
            f"A day is {p['hours_per_day']} hours. Mix supervised practice, formal "
            f"study and private study.",
        ),
        ReturnStep(
            f"Keep private study to at most {private} days",
            f"At least {days - private} days must be supervised practice or formal study.",
        ),
        ReturnStep(
            f"Finish the updating within the {p['within_months']} months before you apply"
        ),
    ]
    if p.get("supervisor_years"):
        steps.append(
            ReturnStep(
                "Find a supervisor",
                f"On the relevant part of the register for at least "
                f"{p['supervisor_years']} years.",
            )
        )
    if p.get("management_counts"):
        steps.append(
            ReturnStep(
                "Supervised practice can be in teaching, management or research",
                "Updating in your leadership role can count.",
            )
        )
    steps.append(ReturnStep("Apply to return, with evidence of your updating"))
    summary = (
        f"Away for {given.years_out} years: {days} days of updating ({hours} hours)."
    )
    return summary, steps, {"updating_days": days, "updating_hours": hours}


def _hours_window(p: dict[str, Any], given: ReturnInput) -> tuple[str, list, dict]:
    hours_by_window = {3: given.hours_last_3_years, 5: given.hours_last_5_years}
    met = [
        w for w in p["windows"] if (hours_by_window.get(w["years"]) or 0) >= w["hours"]
    ]
    wording = " or ".join(
        f"{w['hours']} hours in {w['years']} years" for w in p["windows"]
    )
    if met:
        w = met[0]
        steps = [
            ReturnStep(
                f"Show {w['hours']} registered practice hours in the last {w['years']} "
                "years",
                "Only hours worked while on the register count.",
            ),
            ReturnStep(
                f"Show {p['cpd_hours']} hours of CPD in the last {p['cpd_years']} years"
            ),
            ReturnStep(
                "Declare indemnity, and send English language evidence and references"
            ),
            ReturnStep("Apply for readmission"),
        ]
        return (
            f"You meet the practice hours ({wording}): apply for readmission.",
            steps,
            {},
        )
    steps = [ReturnStep(option) for option in p["otherwise"]]
    steps.append(
        ReturnStep(
            f"Show {p['cpd_hours']} hours of CPD in the last {p['cpd_years']} years"
        )
    )
    steps.append(ReturnStep("Apply for readmission"))
    return (
        f"You do not have {wording}: a return to practice programme or the test of "
        "competence comes first.",
        steps,
        {},
    )


def _licence_restoration(
    p: dict[str, Any], given: ReturnInput
) -> tuple[str, list, dict]:
    steps = [
        ReturnStep("Send proof of identity"),
        ReturnStep(
            "Send statements from the organisations you most recently provided medical "
            "services to"
        ),
        ReturnStep(
            "Send certificates of good standing from any other regulator you were "
            f"registered with in the past {p['good_standing_years']} years"
        ),
        ReturnStep(
            f"Apply up to {p['apply_months_ahead']} months before you need the licence",
            f"The average time to restore was {p['average_days']} days.",
        ),
        ReturnStep(
            "Expect a new revalidation date",
            "It may be sooner than five years away if you have not revalidated in the "
            "previous five years.",
        ),
    ]
    if p.get("gp_scheme"):
        steps.append(
            ReturnStep(
                "Returning to general practice in England",
                f"Complete the {p['gp_scheme']}.",
            )
        )
    return "Restore your licence to practise.", steps, {}


def _restoration_window(
    p: dict[str, Any], given: ReturnInput
) -> tuple[str, list, dict]:
    within = given.years_out * 12 <= p["within_months"]
    titles = p["within"] if within else p["after"]
    summary = (
        f"Within {p['within_months']} months of leaving: restoration."
        if within
        else f"More than {p['within_months']} months since leaving: a portfolio route."
    )
    return summary, [ReturnStep(t) for t in titles], {}


def _cpd_record(p: dict[str, Any], given: ReturnInput) -> tuple[str, list, dict]:
    long_away = given.years_out * 12 >= p["after_months"]
    titles = list(p["steps"]) + (list(p["after_steps"]) if long_away else [])
    summary = (
        f"Off the register for {p['after_months']} months or more: restoration with a "
        "CPD record."
        if long_away
        else "Apply for restoration."
    )
    return summary, [ReturnStep(t) for t in titles], {}


def _ask_regulator(p: dict[str, Any], given: ReturnInput) -> tuple[str, list, dict]:
    return (
        "This regulator's return route has not been checked for this service.",
        [ReturnStep("Ask your regulator what it needs before you plan a return")],
        {},
    )


MODES: dict[str, Callable[[dict[str, Any], ReturnInput], tuple[str, list, dict]]] = {
    "updating_days": _updating_days,
    "hours_window": _hours_window,
    "licence_restoration": _licence_restoration,
    "restoration_window": _restoration_window,
    "cpd_record": _cpd_record,
    "ask_regulator": _ask_regulator,
}


def return_plan(
    *,
    regulator: Regulator,
    given: ReturnInput,
    rules: list[RegulatorRule] | None = None,
) -> ReturnPlan:
    """Build the plan from the regulator's return rule (pass `rules` to avoid a query)."""
    if rules is None:
        rules = list(regulator.rules.all())
    rule = next((r for r in rules if r.kind == RuleKind.RETURN), None)
    if rule is None:
        return ReturnPlan(
            regulator=regulator,
            rule=None,
            years_out=given.years_out,
            summary="No return rule is recorded for this regulator.",
            steps=[ReturnStep("Ask your regulator what it needs")],
        )
    summary, steps, extra = MODES[rule.params["mode"]](rule.params, given)
    return ReturnPlan(
        regulator=regulator,
        rule=rule,
        years_out=given.years_out,
        summary=summary,
        steps=steps,
        **extra,
    )
