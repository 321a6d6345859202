"""Dashboards, API and exports: who sees what, and small numbers that stay hidden."""

from __future__ import annotations

import csv
import io

import pytest
from kombu.exceptions import OperationalError as KombuOperationalError
from rest_framework.test import APIClient

from accounts.roles import Role
from leadership.models import Organisation
from reports import runs
from reports.models import ReportKind, ReportResult, ReportRun
from reports.tasks import run_report
from reports.tests.factories import AS_OF, cell, manchester_board

pytestmark = pytest.mark.django_db

# Figures that are not counts of people, so the rule does not apply to them.
NOT_PEOPLE = {"rank", "depth", "threshold", "organisations", "boards", "id", "run"}
NOT_PEOPLE |= {"boards_without", "minimum_declaration_rate", "progress"}


def small_counts(value, key=""):
    """Every count from 1 to 7 anywhere in a presented result."""
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in small_counts(v, k)]
    if isinstance(value, list):
        return [x for v in value for x in small_counts(v, key)]
    if isinstance(value, int) and not isinstance(value, bool) and key not in NOT_PEOPLE:
        return [(key, value)] if 1 <= value <= 7 else []
    return []


def build_all(scope: Organisation) -> None:
    for kind in (ReportKind.CEILING, ReportKind.BOARD_DIVERSITY):
        run = runs.report_run_request(kind=kind, organisation=scope, as_of=AS_OF)
        run_report(run.pk)


@pytest.fixture
def reports_built():
    manchester_board()
    cell("R0A", "nursing", 2, 300)
    cell("R0A", "nursing", 5, 40, sex="M", ethnic="H")
    cell("R0A", "physiotherapy", 2, 30)
    cell("R0A", "physiotherapy", 6, 1)  # one person: must never show as 1 outside
    cell("RJ1", "nursing", 2, 200)
    for code in ("R0A", "Y62", "ENG"):
        build_all(Organisation.objects.get(ods_code=code))


@pytest.fixture
def users(make_user):
    return {
        "own": make_user("own@example.nhs.uk", Role.TALENT_LEAD, "R0A"),
        "board": make_user("board@example.nhs.uk", Role.BOARD_MEMBER, "R0A"),
        "icb": make_user("icb@example.nhs.uk", Role.TALENT_LEAD, "QOP"),
        "other": make_user("other@example.nhs.uk", Role.BOARD_MEMBER, "RJ1"),
        "admin": make_user("admin@example.nhs.uk", Role.NATIONAL_ADMIN, "ENG"),
    }


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def result_for(user, code: str, kind: str, **params) -> dict:
    body = api(user).get(
        "/api/reports/results/", {"organisation": code, "kind": kind, **params}
    )
    assert body.status_code == 200, body.content
    (row,) = body.json()["results"]
    return row["result"]


def test_own_board_and_talent_lead_see_exact_figures(reports_built, users):
    for who in ("own", "board"):
        shown = result_for(users[who], "R0A", "ceiling")
        physio = next(r for r in shown["professions"] if r["code"] == "physiotherapy")
        assert physio["cells"][5] == 1
        assert physio["ceiling"]["code"] == "L6"


@pytest.mark.parametrize("who", ["icb", "admin"])
def test_outsiders_never_get_a_count_from_1_to_7_from_the_api(
    reports_built, users, who
):
    for kind in ("ceiling", "board-diversity"):
        shown = result_for(users[who], "R0A", kind)
        assert shown["suppressed"] is True
        assert small_counts(shown) == []
    # The run endpoint carries the same result, suppressed the same way.
    run = ReportRun.objects.filter(
        organisation__ods_code="R0A", kind="board-diversity"
    ).first()
    body = api(users[who]).get(f"/api/reports/runs/{run.pk}/").json()
    assert body["result"]["seats"]["total"] == "*"
    assert small_counts(body["result"]) == []


def test_narrowing_until_one_person_remains_still_shows_a_star(reports_built, users):
    admin = users["admin"]
    # By profession: the single L6 physio is in the AHP group's row, hidden.
    ahp = result_for(admin, "R0A", "ceiling", profession="ahp")
    (row,) = ahp["groups"]
    assert row["cells"][5] == "*"
    assert small_counts(ahp) == []
    # Naming the profession itself gives nothing finer: professions are not listed.
    physio = result_for(admin, "R0A", "ceiling", profession="physiotherapy")
    assert physio["professions"] == [] and physio["groups"] == []
    # A threshold cannot be used to probe a hidden cell's size either.
    for threshold in (0, 1, 2, 5):
        probed = result_for(
            admin, "R0A", "ceiling", profession="ahp", threshold=threshold
        )
        assert probed["groups"][0]["cells"][5] == "*"
    # The region is the next scope up: still below national level, still suppressed.
    region = result_for(admin, "Y62", "ceiling")
    assert small_counts(region) == []
    # National totals are not suppressed.
    nation = result_for(admin, "ENG", "ceiling")
    assert nation["suppressed"] is False
    physio = next(r for r in nation["professions"] if r["code"] == "physiotherapy")
    assert physio["cells"][5] == 1


def test_dashboard_pages_apply_the_rule_for_outsiders(client, reports_built, users):
    client.force_login(users["admin"])
    html = client.get("/reports/R0A/", {"profession": "ahp"}).content.decode()
    assert "Suppressed: counts of 1 to 7 show as *" in html
    assert "Allied health professionals" in html
    assert ">1</td>" not in html
    own = client.get("/reports/ENG/").content.decode()
    assert "Shown in full" in own


def test_exports_apply_the_rule_for_outsiders(client, reports_built, users):
    client.force_login(users["icb"])
    response = client.get("/reports/R0A/ceiling.csv")
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    ahp = next(r for r in rows if r[0] == "Allied health professionals")
    # The lone L6 physio is hidden, and so is the 30 at L2: with the row total (31,
    # shown as 30) it would give the hidden cell away.
    assert ahp[2:12] == ["0", "*", "0", "0", "0", "*", "0", "0", "0", "0"]
    for row in rows[1:]:
        assert not any(v in {"1", "2", "3", "4", "5", "6", "7"} for v in row[2:13])
    board = b"".join(client.get("/reports/R0A/board-diversity.csv").streaming_content)
    assert b"Seats,All,*" in board
    xlsx = client.get("/reports/R0A/ceiling.xlsx")
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row[2:12]]
    assert "*" in values and not any(
        v in range(1, 8) for v in values if isinstance(v, int)
    )
    pdf = client.get("/reports/R0A/board-diversity.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_own_talent_lead_exports_exact_figures(client, reports_built, users):
    client.force_login(users["own"])
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get("/reports/R0A/ceiling.csv").streaming_content
                ).decode()
            )
        )
    )
    physio = next(r for r in rows if r[0] == "Physiotherapist")
    assert physio[7] == "1"


def test_other_organisations_and_wide_scopes_answer_404(client, reports_built, users):
    client.force_login(users["other"])
    assert client.get("/reports/R0A/").status_code == 404
    assert client.get("/reports/R0A/ceiling.csv").status_code == 404
    assert client.get("/reports/RJ1/").status_code == 200
    client.force_login(users["own"])
    assert client.get("/reports/Y62/").status_code == 404  # regions: national admins
    assert client.get("/reports/ENG/").status_code == 404
    body = api(users["other"]).get("/api/reports/results/", {"organisation": "R0A"})
    assert body.json()["count"] == 0


def test_refresh_requests_runs_and_the_progress_page_follows_them(
    client, reports_built, users, django_capture_on_commit_callbacks
):
    client.force_login(users["board"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/R0A/refresh/")
    assert response.status_code == 302
    assert response["Location"] == "/reports/R0A/progress/"
    page = client.get("/reports/R0A/progress/").content.decode()
    assert "Reports ready" in page
    state = client.get("/reports/R0A/progress/", {"format": "json"}).json()
    assert state["finished"] is True
    assert {r["kind"] for r in state["runs"]} == {"ceiling", "board-diversity"}
    assert client.get("/reports/R0A/refresh/").status_code == 405


def test_refresh_while_the_broker_is_down_saves_the_runs_and_says_they_wait(
    client, users, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(run_report, "apply_async", refuse)
    manchester_board()
    client.force_login(users["board"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/R0A/refresh/")

    assert response.status_code == 302
    saved = ReportRun.objects.filter(organisation__ods_code="R0A")
    assert {(r.kind, r.status) for r in saved} == {
        ("ceiling", "queued"),
        ("board-diversity", "queued"),
    }
    page = client.get("/reports/R0A/progress/").content.decode()
    assert "Background processing is unavailable" in page
    assert 'id="queue-unavailable" hidden' not in page
    state = client.get("/reports/R0A/progress/", {"format": "json"}).json()
    assert state["queue_unavailable"] is True and state["finished"] is False
    assert {r["stage"] for r in state["runs"]} == {runs.QUEUE_UNAVAILABLE}
    dashboard = client.get("/reports/R0A/").content.decode()
    assert "will start when background processing is back" in dashboard


def test_progress_page_shows_the_status_and_a_link_without_javascript(client, users):
    """Without JavaScript the status is in the page and a link reloads it; no timed
    meta refresh (it fails WCAG 2.2.1 and axe-core's meta-refresh rule)."""
    manchester_board()
    scope = Organisation.objects.get(ods_code="R0A")
    runs.report_run_request(kind=ReportKind.CEILING, organisation=scope, as_of=AS_OF)
    client.force_login(users["own"])
    page = client.get("/reports/R0A/progress/").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert 'max="100" value="0"' in page
    assert "Waiting for a worker" in page
    assert 'href="/reports/R0A/progress/">Check progress again</a>' in page
    assert "js/report-progress.js" in page


def test_empty_dashboard_says_what_to_do(client, users):
    client.force_login(users["other"])
    html = client.get("/reports/RJ1/").content.decode()
    assert "No ceiling report has been built" in html
    assert "no trend to show" in html


def test_dashboard_reads_stored_results_in_a_fixed_number_of_queries(
    client, reports_built, users, django_assert_max_num_queries
):
    client.force_login(users["admin"])
    with django_assert_max_num_queries(14) as first:
        assert client.get("/reports/R0A/").status_code == 200
    n = len(first.captured_queries)
    scope = Organisation.objects.get(ods_code="R0A")
    stored = ReportResult.objects.get(organisation=scope, kind="board-diversity")
    for month in range(1, 6):
        ReportResult.objects.create(
            kind="board-diversity",
            organisation=scope,
            as_of=AS_OF.replace(year=2025, month=month),
            result=stored.result,
            built_at=stored.built_at,
        )
    with django_assert_max_num_queries(n):
        html = client.get("/reports/R0A/").content.decode()
    assert "2025-05-01" in html  # the trend grew, the queries did not


def test_api_lists_take_a_fixed_number_of_queries(
    reports_built, users, django_assert_max_num_queries
):
    client = api(users["admin"])
    with django_assert_max_num_queries(8) as first:
        assert client.get("/api/reports/results/").json()["count"] == 6
    for code in ("R0A", "Y62"):
        build_all(Organisation.objects.get(ods_code=code))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/api/reports/results/")
    with django_assert_max_num_queries(8):
        assert client.get("/api/reports/runs/").json()["count"] == 10


def test_a_bad_filter_is_reported_beside_its_field_and_in_the_summary(
    client, reports_built, users
):
    client.force_login(users["own"])
    html = client.get("/reports/R0A/", {"threshold": "lots"}).content.decode()
    assert "There is a problem" in html
    assert html.count("Enter the number of staff as a whole number.") == 2
    # The report is still shown, with the default threshold.
    assert "Where each profession stops" in html and "L6" in html
