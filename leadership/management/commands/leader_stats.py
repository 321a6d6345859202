"""python manage.py leader_stats --role ROLE [--profession P] [--within ODS] [--json]."""

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careers.models import Profession, ProfessionGroup, Role
from leadership.models import Organisation, Person
from leadership.selectors.statistics import role_statistics


class Command(BaseCommand):
    help = "Print statistics about the people who hold or held a catalogue role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--role", required=True, help="Role code, e.g. chief-executive"
        )
        parser.add_argument(
            "--profession",
            help="Profession code (e.g. nursing) or group (e.g. ahp, non_clinical)",
        )
        parser.add_argument("--within", help="ODS code of a trust, ICB, region or ENG")
        parser.add_argument("--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="Print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        role = Role.objects.filter(code=options["role"]).first()
        if role is None:
            codes = ", ".join(Role.objects.values_list("code", flat=True))
            raise CommandError(
                f"Unknown role {options['role']!r}. Known roles: {codes}"
            )
        people = None
        if options["profession"]:
            code = options["profession"]
            if Profession.objects.filter(code=code).exists():
                people = Person.objects.filter(profession__code=code)
            elif code in ProfessionGroup.values:
                people = Person.objects.filter(profession__group=code)
            else:
                raise CommandError(f"Unknown profession or group {code!r}.")
        within = None
        if options["within"]:
            within = Organisation.objects.filter(ods_code=options["within"]).first()
            if within is None:
                raise CommandError(f"Unknown organisation {options['within']!r}.")
        stats = role_statistics(
            role=role, people=people, within=within, as_of=options["as_of"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(stats, indent=2))
            return
        self._print_text(stats)

    def _print_text(self, s: dict[str, Any]) -> None:
        out = self.stdout.write
        out(
            f"{s['role']['name']} at {s['as_of']}"
            + (f" within {s['within']}" if s["within"] else "")
        )
        out(
            f"  People who hold the role now: {s['people_current']}; ever: {s['people_ever']}"
        )
        cc = s["current_clinical"]
        out(f"  Clinicians among current holders: {cc['people']} ({cc['share']}%)")
        for row in s["current_clinicians_by_group"]:
            out(f"    {row['label']}: {row['people']} ({row['share']}%)")
        a = s["age_at_first_appointment"]
        out(
            f"  Age at first appointment: n={a['count']} mean={a['mean']} median={a['median']}"
            f" min={a['min']} max={a['max']}"
        )
        dist = ", ".join(
            f"{r['posts']} post(s): {r['people']}" for r in s["posts_per_person"]
        )
        out(f"  Posts held per person: {dist or 'none'}")
        f = s["current_in_first_post"]
        out(
            f"  Current holders in their first such post: {f['people']} ({f['share']}%)"
        )
        t, u = s["tenure_days"], s["tenure_under_two_years"]
        out(
            f"  Tenure in post (days): median={t['median']} mean={t['mean']}; under two years: {u['share']}%"
        )
        i = s["current_interim_or_fixed_term"]
        out(f"  Interim or fixed-term now: {i['posts']} ({i['share']}%)")
        k = s["current_keep_clinical_work"]
        out(f"  Keep clinical work: {k['people']} ({k['share']}%)")
