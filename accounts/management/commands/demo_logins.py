"""Print the demo sign-ins, so `make run` shows how to log in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accounts.demo import DEMO_URL, demo_logins, demo_password


class Command(BaseCommand):
    help = "List the demo users with their role, organisation and the demo password."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write(
                "No demo users yet: run `python manage.py seed_demo --scale small`."
            )
            return
        width = max(len(login.email) for login in logins)
        role_width = max(len(login.role) for login in logins)
        self.stdout.write(f"Demo sign-ins at {DEMO_URL} (local demo data only)")
        self.stdout.write(f"{'Email':<{width}}  {'Role':<{role_width}}  Organisation")
        for login in logins:
            self.stdout.write(
                f"{login.email:<{width}}  {login.role:<{role_width}}  "
                f"{login.organisation}"
            )
        self.stdout.write(f"Password for every demo user: {demo_password()}")
