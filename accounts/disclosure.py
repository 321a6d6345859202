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
