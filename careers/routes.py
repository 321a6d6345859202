"""Route finding over the pathway graph: shortest, alternative and return routes.

The graph is read once per request (published steps between published roles, one
query, plus one for the roles) and searched in memory, so the number of queries does
not depend on the size of the graph. Edges are weighted by their typical years; ties go
to the route with fewer steps. Alternatives are Yen's k shortest loopless paths.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from careers.models import PathwayStep, PublishStatus, Role, StepKind


@dataclass(frozen=True)
class Edge:
    step_id: int
    from_id: int
    to_id: int
    years: Decimal
    kind: str


@dataclass(frozen=True)
class Route:
    edges: tuple[Edge, ...]

    @property
    def years(self) -> Decimal:
        return sum((e.years for e in self.edges), Decimal(0))

    @property
    def role_ids(self) -> list[int]:
        if not self.edges:
            return []
        return [self.edges[0].from_id] + [e.to_id for e in self.edges]

    @property
    def step_ids(self) -> list[int]:
        return [e.step_id for e in self.edges]

    def _key(self) -> tuple[Decimal, int]:
        return (self.years, len(self.edges))


@dataclass
class PathwayGraph:
    """Published roles and the published steps between them, held in memory."""

    roles: dict[int, Role]
    out: dict[int, list[Edge]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, *, profession_group: str | None = None) -> PathwayGraph:
        """Read the graph in two queries; a group limits it to that group's pathway."""
        roles = {
            r.pk: r
            for r in Role.objects.filter(status=PublishStatus.PUBLISHED).select_related(
                "level"
            )
        }
        steps = PathwayStep.objects.filter(
            pathway__status=PublishStatus.PUBLISHED,
            from_role__status=PublishStatus.PUBLISHED,
            to_role__status=PublishStatus.PUBLISHED,
        )
        if profession_group:
            steps = steps.filter(pathway__profession_group=profession_group)
        best: dict[tuple[int, int], Edge] = {}
        for pk, a, b, years, kind in steps.values_list(
            "pk", "from_role_id", "to_role_id", "typical_years", "kind"
        ).order_by("pk"):
            edge = Edge(pk, a, b, Decimal(years), kind)
            if (a, b) not in best or edge.years < best[(a, b)].years:
                best[(a, b)] = edge
        graph = cls(roles=roles)
        for edge in best.values():
            graph.out[edge.from_id].append(edge)
        return graph

    def shortest(
        self,
        source: int,
        targets: set[int] | int,
        *,
        banned_edges: frozenset[tuple[int, int]] = frozenset(),
        banned_nodes: frozenset[int] = frozenset(),
    ) -> Route | None:
        """Dijkstra from `source` to the nearest of `targets` (by years, then steps)."""
        goal = {targets} if isinstance(targets, int) else set(targets)
        if source in goal:
            return None
        # The counter breaks ties before the (unorderable) path is compared.
        queue: list[tuple[Decimal, int, int, int, tuple[Edge, ...]]] = [
            (Decimal(0), 0, 0, source, ())
        ]
        counter = 0
        settled: set[int] = set()
        while queue:
            years, hops, _, node, path = heapq.heappop(queue)
            if node in settled:
                continue
            settled.add(node)
            if node in goal:
                return Route(path)
            for edge in self.out.get(node, ()):
                if (
                    edge.to_id in settled
                    or edge.to_id in banned_nodes
                    or (edge.from_id, edge.to_id) in banned_edges
                ):
                    continue
                counter += 1
                heapq.heappush(
                    queue,
                    (years + edge.years, hops + 1, counter, edge.to_id, (*path, edge)),
                )
        return None

    def routes(self, source: int, target: int, k: int = 3) -> list[Route]:
        """The k shortest loopless routes, shortest first (Yen's algorithm)."""
        first = self.shortest(source, target)
        if first is None:
            return []
        found = [first]
        candidates: list[tuple[tuple[Decimal, int], int, Route]] = []
        counter = 0
        while len(found) < k:
            last = found[-1]
            nodes = last.role_ids
            for i in range(len(last.edges)):
                spur = nodes[i]
                root = last.edges[:i]
                banned_edges = frozenset(
                    (r.edges[i].from_id, r.edges[i].to_id)
                    for r in found
                    if r.edges[:i] == root and len(r.edges) > i
                )
                spur_route = self.shortest(
                    spur,
                    target,
                    banned_edges=banned_edges,
                    banned_nodes=frozenset(nodes[:i]),
                )
                if spur_route is None:
                    continue
                route = Route(root + spur_route.edges)
                if route in found or any(route == c[2] for c in candidates):
                    continue
                counter += 1
                heapq.heappush(candidates, (route._key(), counter, route))
            if not candidates:
                break
            found.append(heapq.heappop(candidates)[2])
        return found

    def return_route(self, source: int) -> Route | None:
        """The quickest route from a role back to a clinical post through a return step."""
        clinical = {pk for pk, r in self.roles.items() if r.is_clinical_post}
        best: Route | None = None
        for edges in self.out.values():
            for edge in edges:
                if edge.kind != StepKind.RETURN or edge.to_id not in clinical:
                    continue
                lead = (
                    Route(())
                    if edge.from_id == source
                    else self.shortest(source, edge.from_id)
                )
                if lead is None:
                    continue
                route = Route((*lead.edges, edge))
                if best is None or route._key() < best._key():
                    best = route
        return best

    def has_route(self, source: int, target: int) -> bool:
        return self.shortest(source, target) is not None
