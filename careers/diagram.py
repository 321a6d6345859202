"""Lay out a pathway as an SVG diagram, server-side: roles as boxes in rows by level
(the board at the top), steps as arrows. The template draws it; a table beside it
lists the same steps for people who cannot see the diagram."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from careers.models import PathwayStep, Role

WIDTH = 1000
ROW_HEIGHT = 90
BOX_HEIGHT = 44
MARGIN_LEFT = 70
TOP = 20


@dataclass(frozen=True)
class Node:
    role: Role
    x: float
    y: float
    w: float
    h: float = BOX_HEIGHT

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def label_lines(self) -> list[str]:
        """Wrap the role name onto at most two lines that fit the box."""
        limit = max(8, int(self.w / 7.2))
        words, lines, line = self.role.name.split(), [], ""
        for word in words:
            if line and len(line) + 1 + len(word) > limit:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        if len(lines) > 2:
            lines = [lines[0], " ".join(lines[1:])[: limit - 1] + "…"]
        return lines


@dataclass(frozen=True)
class Arrow:
    step: PathwayStep
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str

    @property
    def path(self) -> str:
        """A gentle curve so arrows between boxes in one row stay visible."""
        mid_x, mid_y = (self.x1 + self.x2) / 2, (self.y1 + self.y2) / 2
        bend = 30 if abs(self.y1 - self.y2) < 1 else 0
        return (
            f"M{self.x1:.0f},{self.y1:.0f} Q{mid_x:.0f},{mid_y - bend:.0f} "
            f"{self.x2:.0f},{self.y2:.0f}"
        )


@dataclass
class Diagram:
    nodes: list[Node]
    arrows: list[Arrow]
    rows: list[tuple[str, float]]
    height: int
    width: int = WIDTH


def pathway_diagram(steps: list[PathwayStep]) -> Diagram:
    """Place each role of the steps (with from_role/to_role and levels loaded)."""
    roles: dict[int, Role] = {}
    for step in steps:
        roles[step.from_role_id] = step.from_role
        roles[step.to_role_id] = step.to_role
    by_level: dict[int, list[Role]] = defaultdict(list)
    for role in sorted(roles.values(), key=lambda r: (r.sort_order, r.name)):
        by_level[role.level.rank].append(role)
    ranks = sorted(by_level, reverse=True)
    nodes: dict[int, Node] = {}
    rows: list[tuple[str, float]] = []
    usable = WIDTH - MARGIN_LEFT - 10
    for i, rank in enumerate(ranks):
        row = by_level[rank]
        y = TOP + i * ROW_HEIGHT
        slot = usable / len(row)
        w = min(200.0, slot - 16)
        rows.append((row[0].level.code, y + BOX_HEIGHT / 2))
        for j, role in enumerate(row):
            x = MARGIN_LEFT + j * slot + (slot - w) / 2
            nodes[role.pk] = Node(role=role, x=x, y=y, w=w)
    arrows = []
    for step in steps:
        a, b = nodes[step.from_role_id], nodes[step.to_role_id]
        if a.y > b.y:  # upwards: from the top of a to the bottom of b
            y1, y2 = a.y, b.y + b.h
        elif a.y < b.y:
            y1, y2 = a.y + a.h, b.y
        else:
            y1 = y2 = a.y
        arrows.append(Arrow(step, a.cx, y1, b.cx, y2, step.kind))
    height = TOP + len(ranks) * ROW_HEIGHT
    return Diagram(nodes=list(nodes.values()), arrows=arrows, rows=rows, height=height)
