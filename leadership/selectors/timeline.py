"""Lay a person's appointments out as a visual timeline (positions as percentages)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from leadership.models import Appointment, DatePrecision

WIDTH = 1000  # SVG viewBox units across the whole career
LANE = 26  # viewBox units per lane
BAR = 18
AXIS = 22


@dataclass
class TimelineBar:
    appointment: Appointment
    lane: int
    left: float
    width: float
    start_label: str
    end_label: str

    @property
    def x(self) -> float:
        return round(self.left * WIDTH / 100, 1)

    @property
    def w(self) -> float:
        return round(self.width * WIDTH / 100, 1)

    @property
    def y(self) -> int:
        return self.lane * LANE

    @property
    def label_after(self) -> bool:
        """Put the label after the bar unless the bar ends near the right edge."""
        return self.x + self.w < WIDTH * 0.6

    @property
    def label_x(self) -> float:
        return self.x + self.w + 6 if self.label_after else self.x - 6

    @property
    def label_y(self) -> int:
        return self.y + BAR - 4


@dataclass
class Timeline:
    start_year: int
    end_year: int
    lanes: int
    bars: list[TimelineBar]
    ticks: list[tuple[int, float]]

    @property
    def height(self) -> int:
        return self.lanes * LANE + AXIS

    @property
    def axis_y(self) -> int:
        return self.lanes * LANE + AXIS - 6

    @property
    def tick_positions(self) -> list[tuple[int, float]]:
        return [(year, round(left * WIDTH / 100, 1)) for year, left in self.ticks]

    bar_height: int = BAR


def date_label(value: dt.date | None, precision: str) -> str:
    """Show a partial date as precisely as it is known: 2015, Mar 2015 or 3 Mar 2015."""
    if value is None:
        return "now"
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%b %Y")
    return f"{value.day} {value.strftime('%b %Y')}"


def timeline_layout(
    appointments: list[Appointment], today: dt.date | None = None
) -> Timeline | None:
    """Place each post on its own row against a shared time axis, so overlapping posts
    (a board seat held alongside clinical work) show side by side in time; no queries."""
    if not appointments:
        return None
    today = today or dt.date.today()
    start = dt.date(min(a.start_date for a in appointments).year, 1, 1)
    end = dt.date(max((a.end_date or today) for a in appointments).year + 1, 1, 1)
    span = max((end - start).days, 1)
    bars: list[TimelineBar] = []
    # One row per post, oldest at the top, so every bar can carry its own label.
    for lane, a in enumerate(
        sorted(appointments, key=lambda x: (x.start_date, x.pk or 0))
    ):
        finish = a.end_date or today
        left = 100 * (a.start_date - start).days / span
        width = max(100 * (finish - a.start_date).days / span, 0.8)
        bars.append(
            TimelineBar(
                appointment=a,
                lane=lane,
                left=round(left, 2),
                width=round(min(width, 100 - left), 2),
                start_label=date_label(a.start_date, a.start_precision),
                end_label=date_label(a.end_date, a.end_precision),
            )
        )
    years = range(start.year, end.year + 1)
    step = max(1, len(years) // 8)
    ticks = [
        (y, round(100 * (dt.date(y, 1, 1) - start).days / span, 2))
        for y in years[::step]
    ]
    return Timeline(start.year, end.year, len(bars), bars, ticks)
