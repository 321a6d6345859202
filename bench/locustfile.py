"""Locust users for bench/load.py: one class per role, weighted as the service expects
its traffic (clinicians most, national admins least), each a signed-in session from the
plan file bench/load.py writes (CLP_LOAD_PLAN).

Every request must answer 200 without a redirect (a redirect to sign-in would hide a
lost session), or it counts as a failure. Think time is 1-3 s between requests, as a
person reading pages; the throughput benchmark measures the server at full stretch.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["CLP_LOAD_PLAN"]).read_text())
_NEXT_SESSION = {role: itertools.count() for role in PLAN["sessions"]}


class RoleUser(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        sessions = PLAN["sessions"][self.role]
        self.cookie = (
            f"sessionid={sessions[next(_NEXT_SESSION[self.role]) % len(sessions)]}"
        )

    def page(self, path: str, name: str) -> None:
        """GET `path` as this user; anything but a 200 is a failure."""
        with self.client.get(
            path,
            name=f"{self.role}: {name}",
            headers={"Cookie": self.cookie},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Clinician(RoleUser):
    role = "clinician"
    weight = 5

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def pathway(self) -> None:
        code = random.choice(["nurses", "ahps", "midwives", "doctors", "pharmacists"])
        self.page(f"/careers/pathways/{code}/", "pathway")

    @task(1)
    def pathways(self) -> None:
        self.page("/careers/pathways/", "pathways")

    @task(2)
    def role_page(self) -> None:
        self.page("/careers/roles/director-of-nursing/", "role")

    @task(2)
    def route_finding(self) -> None:
        roles = PLAN["roles"]
        self.page(
            f"/careers/plan/?profession={PLAN['nursing']}"
            f"&current_role={roles['staff-nurse']}"
            f"&target_role={roles['chief-executive']}",
            "career plan: route finding",
        )

    @task(1)
    def plans(self) -> None:
        self.page("/careers/plans/", "my career plans")

    @task(2)
    def checker(self) -> None:
        due = (dt.date.today() + dt.timedelta(days=200)).isoformat()
        self.page(
            f"/careers/keep-my-registration/?profession={PLAN['nursing']}"
            f"&planned_role={PLAN['roles']['director-of-nursing']}&keeps_clinical=no"
            f"&clinical_sessions=&revalidation_due={due}",
            "regulation checker",
        )

    @task(1)
    def regulator(self) -> None:
        self.page(f"/regulation/{random.choice(PLAN['regulators'])}/", "regulator")

    @task(1)
    def guidance(self) -> None:
        if PLAN["articles"]:
            slug = random.choice(PLAN["articles"])
            self.page(f"/regulation/guidance/{slug}/", "guidance article")

    @task(1)
    def my_programme(self) -> None:
        self.page("/talent/me/", "my programme")


class TalentLead(RoleUser):
    role = "talent_lead"
    weight = 2

    @task(3)
    def dashboard(self) -> None:
        self.page("/talent/", "talent dashboard")

    @task(2)
    def nine_box(self) -> None:
        self.page(f"/talent/profiles/?box={random.randint(1, 9)}", "nine-box cell")

    @task(3)
    def profile(self) -> None:
        self.page(f"/talent/profiles/{random.choice(PLAN['profiles'])}/", "profile")

    @task(1)
    def succession(self) -> None:
        self.page(f"/talent/succession/{PLAN['trust']}/", "succession")

    @task(2)
    def api_profiles(self) -> None:
        self.page("/api/talent/profiles/", "API talent profiles")

    @task(1)
    def api_nine_box(self) -> None:
        self.page("/api/talent/profiles/nine-box/", "API nine-box counts")


class BoardMember(RoleUser):
    role = "board_member"
    weight = 2

    @task(1)
    def organisation(self) -> None:
        self.page(f"/organisations/{PLAN['trust']}/", "organisation")

    @task(4)
    def dashboard(self) -> None:
        self.page(f"/reports/{PLAN['trust']}/", "report dashboard")

    @task(2)
    def board(self) -> None:
        self.page(f"/organisations/{PLAN['trust']}/board/", "board")

    @task(1)
    def api_results(self) -> None:
        self.page("/api/reports/results/", "API report results")


class NationalAdmin(RoleUser):
    role = "national_admin"
    weight = 1

    @task(3)
    def directory(self) -> None:
        self.page("/leaders/", "leaders directory")

    @task(2)
    def directory_filtered(self) -> None:
        self.page(
            "/leaders/?role=chief-executive&status=current&background=clinical",
            "leaders directory, filtered",
        )

    @task(2)
    def leader(self) -> None:
        self.page(f"/leaders/{random.choice(PLAN['leaders'])}/", "leader")

    @task(2)
    def statistics(self) -> None:
        self.page("/leaders/statistics/", "leader statistics")

    @task(1)
    def organisation(self) -> None:
        self.page(
            f"/organisations/{random.choice(PLAN['organisations'])}/", "organisation"
        )

    @task(2)
    def api_leaders(self) -> None:
        self.page("/api/leadership/leaders/", "API leaders")

    @task(1)
    def api_organisations(self) -> None:
        self.page("/api/organisations/", "API organisations")
