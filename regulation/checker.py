"""The keep-my-registration checker: what a clinician in a planned role must do to stay
registered, what relinquishing means and how they could return, computed from the
regulator's structured rules (one handler per RuleKind).

The checker knows nothing of the careers catalogue (regulation sits below careers): the
caller describes the planned role with PlannedRole.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from regulation.models import GuidanceArticle, Regulator, RegulatorRule, RuleKind
from regulation.returning import ReturnInput, ReturnPlan, return_plan

# A session is half a day; a working year is taken as 45 weeks after leave and training.
HOURS_PER_SESSION = 4
WORKING_WEEKS = 45
FULL_TIME_HOURS_A_WEEK = Decimal("37.5")
SOON_DAYS = 90


@dataclass(frozen=True)
class PlannedRole:
    code: str
    name: str
    relies_on_profession: bool
    is_board: bool = False


@dataclass(frozen=True)
class CheckInput:
    regulator: Regulator
    role: PlannedRole
    clinical_sessions: int
    revalidation_due: dt.date
    dual_registration: bool = False
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Finding:
    """One answer drawn from one rule; `action` findings are things to do."""

    rule: RegulatorRule
    title: str
    detail: str
    status: str = "info"  # info | action | warning | ok


@dataclass
class CheckResult:
    given: CheckInput
    keep: list[Finding] = field(default_factory=list)
    relinquish: list[Finding] = field(default_factory=list)
    deadlines: list[tuple[str, dt.date]] = field(default_factory=list)
    return_plan: ReturnPlan | None = None
    must_keep_licence: bool = False
    can_relinquish: bool = True
    articles: list[GuidanceArticle] = field(default_factory=list)

    @property
    def rules_used(self) -> set[int]:
        return {f.rule.pk for f in self.keep + self.relinquish} | (
            {self.return_plan.rule.pk}
            if self.return_plan and self.return_plan.rule
            else set()
        )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def clinical_hours(sessions: int, years: int | Decimal) -> int:
    """Clinical hours a number of weekly sessions gives over some years."""
    return int(sessions * HOURS_PER_SESSION * WORKING_WEEKS * Decimal(years))


def _renewal(rule: RegulatorRule, given: CheckInput, result: CheckResult) -> None:
    months = rule.params["every_months"]
    every = "every year" if months == 12 else f"every {months // 12} years"
    detail = rule.statement
    result.keep.append(
        Finding(rule, f"Renew your registration {every}", detail, "action")
    )
    result.deadlines.append(("Renewal or revalidation due", given.revalidation_due))


def _revalidation(rule: RegulatorRule, given: CheckInput, result: CheckResult) -> None:
    p = rule.params
    years = p["every_years"]
    title = f"Revalidate every {years} year{'s' if years != 1 else ''}"
    detail = "; ".join(p.get("requires", [])) or rule.statement
    result.keep.append(Finding(rule, title, detail, "action"))
    if p.get("annual_appraisal"):
        result.keep.append(
            Finding(
                rule,
                "Have an appraisal every year on your whole scope of practice",
                "Your supporting information reflects your leadership role.",
                "action",
            )
        )
    months = p["submit_months_before"]
    if months:
        result.deadlines.append(
            (
                f"Submit your revalidation {months} months before expiry",
                months_before(given.revalidation_due, months),
            )
        )
    elif (
        "Renewal or revalidation due",
        given.revalidation_due,
    ) not in result.deadlines:
        result.deadlines.append(("Renewal or revalidation due", given.revalidation_due))


def _leadership(rule: RegulatorRule, given: CheckInput, result: CheckResult) -> None:
    p = rule.params
    if not p["counts"]:
        result.keep.append(
            Finding(rule, "Leadership work does not count", rule.statement, "warning")
        )
        return
    if p.get("requires_profession_role") and not given.role.relies_on_profession:
        result.keep.append(
            Finding(
                rule,
                f"Your work as {given.role.name} may not count as practice",
                f"{p.get('condition', '')} {given.role.name} is not usually held on the "
                "strength of your profession, so keep clinical or professional hours.",
                "warning",
            )
        )
        return
    result.keep.append(
        Finding(
            rule,
            f"Your work as {given.role.name} counts towards keeping registration",
            f"{rule.statement} {p.get('condition', '')}".strip(),
            "ok",
        )
    )


def _leadership_counts(given: CheckInput, rules: list[RegulatorRule]) -> bool:
    rule = next((r for r in rules if r.kind == RuleKind.LEADERSHIP_PRACTICE), None)
    if rule is None or not rule.params["counts"]:
        return False
    return given.role.relies_on_profession or not rule.params.get(
        "requires_profession_role"
    )


def _practice_hours(
    rule: RegulatorRule, given: CheckInput, result: CheckResult, counts: bool
) -> None:
    p = rule.params
    needed = p.get("dual_hours", p["hours"]) if given.dual_registration else p["hours"]
    years = p["years"]
    if counts:
        result.keep.append(
            Finding(
                rule,
                f"Practice hours: {needed} in {years} years",
                f"Your leadership hours count: about "
                f"{int(FULL_TIME_HOURS_A_WEEK * WORKING_WEEKS * years):,} hours in "
                f"{years} years full time.",
                "ok",
            )
        )
        return
    have = clinical_hours(given.clinical_sessions, years)
    if have >= needed:
        result.keep.append(
            Finding(
                rule,
                f"Practice hours: {needed} in {years} years",
                f"{given.clinical_sessions} clinical session(s) a week give about "
                f"{have:,} hours in {years} years.",
                "ok",
            )
        )
        return
    sessions = math.ceil(needed / (HOURS_PER_SESSION * WORKING_WEEKS * years))
    result.keep.append(
        Finding(
            rule,
            f"Practice hours: {needed} in {years} years - not met",
            f"{given.clinical_sessions} clinical session(s) a week give about {have:,} "
            f"hours in {years} years. Keep at least {sessions} session(s) a week, or "
            "plan a return to practice programme before revalidation.",
            "warning",
        )
    )


def _cpd(rule: RegulatorRule, given: CheckInput, result: CheckResult) -> None:
    result.keep.append(
        Finding(rule, "Keep up your CPD", rule.params["requirement"] + ".", "action")
    )


def _licence(rule: RegulatorRule, given: CheckInput, result: CheckResult) -> None:
    p = rule.params
    if given.role.code in p.get("required_for_roles", []):
        result.must_keep_licence = True
        result.can_relinquish = False
        result.keep.append(
            Finding(
                rule,
                f"As {given.role.name} you must keep your licence to practise",
                p.get("required_reason", rule.statement),
                "action",
            )
        )
        return
    if given.clinical_sessions > 0:
        result.must_keep_licence = True
        result.can_relinquish = False
        result.keep.append(
            Finding(
                rule,
                "Keep your licence: you will still see patients",
                "Clinical work as a doctor needs a licence to practise.",
                "action",
            )
        )
        return
    result.relinquish.append(
        Finding(
            rule,
            "You could give up your licence and stay registered",
            "With no licensed activity the regulator suggests registration without a "
            "licence, which still shows good standing. "
            + (
                f"It usually advises giving it up after more than "
                f"{p['relinquish_after_months_without_work']} months with no work."
                if p.get("relinquish_after_months_without_work")
                else ""
            ),
            "info",
        )
    )


def _fitness(rule: RegulatorRule, given: CheckInput, result: CheckResult) -> None:
    if rule.params["applies_to_managers"]:
        result.keep.append(
            Finding(
                rule, "Fitness to practise applies to you as a manager", rule.statement
            )
        )


Handler = Callable[[RegulatorRule, CheckInput, CheckResult], None]
HANDLERS: dict[str, Handler] = {
    RuleKind.RENEWAL: _renewal,
    RuleKind.REVALIDATION: _revalidation,
    RuleKind.LEADERSHIP_PRACTICE: _leadership,
    RuleKind.CPD: _cpd,
    RuleKind.LICENCE: _licence,
    RuleKind.FITNESS: _fitness,
}
ORDER = [
    RuleKind.LICENCE,
    RuleKind.RENEWAL,
    RuleKind.REVALIDATION,
    RuleKind.LEADERSHIP_PRACTICE,
    RuleKind.PRACTICE_HOURS,
    RuleKind.CPD,
    RuleKind.FITNESS,
]


def check_registration(
    given: CheckInput, *, rules: list[RegulatorRule] | None = None
) -> CheckResult:
    """Answer the checker from the regulator's rules (read in one query if not given)."""
    if rules is None:
        rules = list(given.regulator.rules.all())
    result = CheckResult(given=given)
    counts = _leadership_counts(given, rules)
    by_kind = {r.kind: r for r in rules}
    for kind in ORDER:
        rule = by_kind.get(kind)
        if rule is None:
            continue
        if kind == RuleKind.PRACTICE_HOURS:
            _practice_hours(rule, given, result, counts)
        else:
            HANDLERS[kind](rule, given, result)
    if RuleKind.LICENCE not in by_kind and RuleKind.RETURN in by_kind:
        result.relinquish.append(
            Finding(
                by_kind[RuleKind.RETURN],
                "If you leave the register",
                "You may not practise or use the protected title until you return. "
                + by_kind[RuleKind.RETURN].statement,
            )
        )
    # Planning a return after, say, five years in the role.
    result.return_plan = return_plan(
        regulator=given.regulator,
        given=ReturnInput(years_out=Decimal(5)),
        rules=rules,
    )
    if (given.revalidation_due - given.today).days <= SOON_DAYS:
        result.deadlines.insert(
            0, ("Due within 90 days: start now", given.revalidation_due)
        )
    result.deadlines.sort(key=lambda d: d[1])
    return result
