"""Route finding over the pathway graph: shortest, alternatives, return route, queries."""

from decimal import Decimal

import pytest

from careers.models import Level, Role, StepKind
from careers.routes import Edge, PathwayGraph


def small_graph() -> PathwayGraph:
    """A(1) -> B(2) -> D(4) is 5 years; A -> C(3) -> D is 6; A -> D directly is 7;
    B -> C -> D is 7.5 in all; D -> E(5) is the return step to a clinical post."""
    level = Level(rank=5, code="L5", name="L5")
    roles = {
        pk: Role(pk=pk, code=code, name=code, level=level, is_clinical_post=clinical)
        for pk, code, clinical in [
            (1, "a", False),
            (2, "b", False),
            (3, "c", False),
            (4, "d", False),
            (5, "e", True),
        ]
    }
    graph = PathwayGraph(roles=roles)
    for i, (a, b, years, kind) in enumerate(
        [
            (1, 2, "2", "up"),
            (2, 4, "3", "up"),
            (1, 3, "1", "up"),
            (3, 4, "5", "up"),
            (1, 4, "7", "up"),
            (2, 3, "0.5", "sideways"),
            (4, 5, "1", StepKind.RETURN),
        ],
        start=1,
    ):
        graph.out[a].append(Edge(i, a, b, Decimal(years), kind))
    return graph


def test_shortest_route_minimises_typical_years():
    route = small_graph().shortest(1, 4)
    assert route.role_ids == [1, 2, 4]
    assert route.years == Decimal(5)


def test_alternative_routes_come_in_order_of_years_without_repeats():
    routes = small_graph().routes(1, 4, k=4)
    assert [r.role_ids for r in routes] == [[1, 2, 4], [1, 3, 4], [1, 4], [1, 2, 3, 4]]
    assert [r.years for r in routes] == [5, 6, 7, Decimal("7.5")]


def test_no_route_when_the_target_cannot_be_reached():
    graph = small_graph()
    assert graph.routes(4, 1) == []
    assert graph.shortest(5, 1) is None
    assert not graph.has_route(4, 2)


def test_return_route_ends_in_a_clinical_post_through_a_return_step():
    graph = small_graph()
    assert graph.return_route(4).role_ids == [4, 5]
    back = graph.return_route(2)
    assert back.role_ids == [2, 4, 5]
    assert back.years == Decimal(4)
    assert graph.return_route(5) is None


@pytest.mark.django_db
def test_nursing_routes_from_the_loaded_pathway(django_assert_num_queries):
    with django_assert_num_queries(2):
        graph = PathwayGraph.load(profession_group="nursing")
        ids = {r.code: pk for pk, r in graph.roles.items()}
        routes = graph.routes(ids["staff-nurse"], ids["director-of-nursing"], k=3)
    codes = [[graph.roles[i].code for i in r.role_ids] for r in routes]
    assert codes[0] == [
        "staff-nurse",
        "senior-staff-nurse",
        "ward-manager",
        "matron",
        "head-of-nursing",
        "associate-director-of-nursing",
        "deputy-chief-nurse",
        "director-of-nursing",
    ]
    assert routes[0].years == 19
    # The only alternative goes through a national role: 2 + 2 instead of 3 years.
    assert codes[1][-3:] == [
        "deputy-chief-nurse",
        "national-clinical-lead",
        "director-of-nursing",
    ]
    assert routes[1].years == 20
    assert len(routes) == 2


@pytest.mark.django_db
def test_loaded_return_route_from_medical_director_goes_back_to_consultant():
    graph = PathwayGraph.load(profession_group="medical")
    ids = {r.code: pk for pk, r in graph.roles.items()}
    route = graph.return_route(ids["medical-director"])
    assert [graph.roles[i].code for i in route.role_ids] == [
        "medical-director",
        "consultant",
    ]


@pytest.mark.django_db
def test_graph_ignores_steps_to_draft_roles():
    Role.objects.filter(code="matron").update(status="draft")
    graph = PathwayGraph.load(profession_group="nursing")
    ids = {r.code: pk for pk, r in graph.roles.items()}
    assert "matron" not in ids
    route = graph.shortest(ids["ward-manager"], ids["director-of-nursing"])
    assert route is None or "matron" not in [
        graph.roles[i].code for i in route.role_ids
    ]


@pytest.mark.django_db
def test_graph_load_query_count_does_not_grow_with_steps(django_assert_num_queries):
    with django_assert_num_queries(2):
        PathwayGraph.load()
